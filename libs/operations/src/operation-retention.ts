import { Injectable, OnModuleInit } from '@nestjs/common';
import { In, LessThan } from 'typeorm';
import { RetentionJob, Transactions, purgeBatch } from '@app/core';
import { OperationHistory } from './operation-history.entity';
import { Operation } from './operation.entity';

/** Finished operations (DONE, FAILED) and their history go after RETENTION_OPERATIONS_DAYS (90). */
@Injectable()
export class OperationRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionJob,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'OPERATIONS',
      defaultDays: 90,
      purge: (cutoff, batch) =>
        purgeBatch(
          this.transactions,
          Operation,
          { result: In(['DONE', 'FAILED']), timestampExpires: LessThan(cutoff) },
          batch,
          async (rows) => {
            const ids = rows.map((r) => r.operationId);
            await this.transactions.manager().delete(OperationHistory, { operationId: In(ids) });
          },
        ),
    });
  }
}
