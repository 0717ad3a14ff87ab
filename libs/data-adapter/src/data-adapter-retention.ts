import { Injectable, OnModuleInit } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { RetentionJob, Transactions, purgeBatch } from '@app/core';
import { OperationNotification } from './operation-notification.entity';
import { SimulatedFailure } from './unknown-users/simulated-failure.entity';

/**
 * Web Flow's operation notifications go after RETENTION_NOTIFICATIONS_DAYS (90); the simulated
 * failure counts of unknown users after RETENTION_SIMULATED_FAILURES_DAYS (1: longer than any lock).
 */
@Injectable()
export class DataAdapterRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionJob,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'NOTIFICATIONS',
      defaultDays: 90,
      purge: (cutoff, batch) =>
        purgeBatch(this.transactions, OperationNotification, { createdAt: LessThan(cutoff) }, batch),
    });
    this.retention.register({
      kind: 'SIMULATED_FAILURES',
      defaultDays: 1,
      purge: (cutoff, batch) => purgeBatch(this.transactions, SimulatedFailure, { updatedAt: LessThan(cutoff) }, batch),
    });
  }
}
