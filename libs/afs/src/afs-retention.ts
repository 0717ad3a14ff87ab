import { Injectable, OnModuleInit } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { RetentionJob, Transactions, purgeBatch } from '@app/core';
import { AfsActionRecord } from './afs-action.entity';

/** Recorded anti-fraud actions go after RETENTION_AFS_ACTIONS_DAYS (90). */
@Injectable()
export class AfsRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionJob,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'AFS_ACTIONS',
      defaultDays: 90,
      purge: (cutoff, batch) => purgeBatch(this.transactions, AfsActionRecord, { createdAt: LessThan(cutoff) }, batch),
    });
  }
}
