import { Injectable, OnModuleInit } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { RetentionJob, Transactions, purgeBatch } from '@app/core';
import { OutboxMessage } from './outbox-message.entity';

/** Finished outbox rows (sent, expired, failed, cancelled) go after RETENTION_OUTBOX_DAYS (30). */
@Injectable()
export class OutboxRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionJob,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'OUTBOX',
      defaultDays: 30,
      purge: (cutoff, batch) =>
        purgeBatch(
          this.transactions,
          OutboxMessage,
          { status: In(['SENT', 'EXPIRED', 'FAILED', 'CANCELLED']), createdAt: LessThan(cutoff) },
          batch,
        ),
    });
  }
}
