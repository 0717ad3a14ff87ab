import { combineMigrations, coreMigrations } from '@app/core';
import { auditMigrations } from '@app/audit';
import { challengesMigrations } from '@app/challenges';
import { consentMigrations } from '@app/consent';
import { dataAdapterMigrations } from '@app/data-adapter';
import { deliveryMigrations } from '@app/delivery';
import { devicesMigrations } from '@app/devices';
import { operationsMigrations } from '@app/operations';
import { transactionApprovalMigrations } from '@app/transaction-approval';
import { twofactorMigrations } from '@app/twofactor';
import { usersMigrations } from '@app/users';

/**
 * The one schema of the API server and the worker: every lib's migrations, oldest first. Both
 * deployables run the whole list on the same database, whatever modules they mount, so that a
 * replica of either kind starting first creates every table.
 */
export const SCHEMA_MIGRATIONS = combineMigrations([
  coreMigrations,
  usersMigrations,
  operationsMigrations,
  deliveryMigrations,
  consentMigrations,
  dataAdapterMigrations,
  auditMigrations,
  challengesMigrations,
  devicesMigrations,
  transactionApprovalMigrations,
  twofactorMigrations,
]);
