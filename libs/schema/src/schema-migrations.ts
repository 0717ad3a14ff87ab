import { combineMigrations, coreMigrations, declareSchemaMigrations } from '@app/core';
import { auditMigrations } from '@app/audit';
import { challengesMigrations } from '@app/challenges';
import { consentMigrations } from '@app/consent';
import { dataAdapterMigrations } from '@app/data-adapter';
import { devicesMigrations } from '@app/devices';
import { operationsMigrations } from '@app/operations';
import { transactionApprovalMigrations } from '@app/transaction-approval';
import { twofactorMigrations } from '@app/twofactor';
import { usersMigrations } from '@app/users';
import { migrations as heldForDelivery } from './migrations';

/**
 * The one schema of the API server and the worker: every lib's migrations, oldest first. Both
 * deployables run the whole list on the same database, whatever modules they mount, so that a
 * replica of either kind starting first creates every table. Declared as the process's default
 * (dataSourceOptions without a set) when this module loads.
 *
 * `heldForDelivery`: the outbox's two migrations wait here until libs/delivery takes them
 * (see docs/architecture.md §5).
 */
export const SCHEMA_MIGRATIONS = declareSchemaMigrations(
  combineMigrations([
    coreMigrations,
    usersMigrations,
    operationsMigrations,
    heldForDelivery,
    consentMigrations,
    dataAdapterMigrations,
    auditMigrations,
    challengesMigrations,
    devicesMigrations,
    transactionApprovalMigrations,
    twofactorMigrations,
  ]),
);
