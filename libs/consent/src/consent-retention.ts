import { Injectable, OnModuleInit } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { RetentionJob, Transactions, purgeBatch } from '@app/core';
import { ConsentRecord } from './consent-record.entity';

/** Recorded consents are evidence: kept RETENTION_CONSENTS_DAYS (default 3650, ten years). */
@Injectable()
export class ConsentRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionJob,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'CONSENTS',
      defaultDays: 3650,
      purge: (cutoff, batch) => purgeBatch(this.transactions, ConsentRecord, { createdAt: LessThan(cutoff) }, batch),
    });
  }
}
