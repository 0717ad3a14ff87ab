import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import { Clock, JobLeases, Transactions, findOneForUpdate } from '@app/core';
import { loadHistory, moveOperation, recordHistory } from './operation-records';
import { Operation } from './operation.entity';

const BATCH = 200;

/**
 * Fails pending operations whose time ran out (`operation.timeout`) and records it in their
 * history, so lists and reports are true without a client touching the operation. Each
 * operation is failed in its own transaction with its row locked, like a client update.
 */
@Injectable()
export class OperationExpiryJob {
  private readonly logger = new Logger(OperationExpiryJob.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly jobLeases: JobLeases,
    private readonly clock: Clock,
  ) {}

  @Interval('next-step-operation-expiry', 30_000)
  async tick(): Promise<void> {
    await this.jobLeases.runExclusively('next-step-operation-expiry', () => this.runOnce().then(() => undefined));
  }

  /** One pass; returns how many operations it failed. */
  async runOnce(): Promise<number> {
    let failed = 0;
    for (;;) {
      const due = await this.dataSource.manager.find(Operation, {
        select: { operationId: true },
        where: { result: 'CONTINUE', timestampExpires: LessThan(this.clock.now()) },
        order: { timestampExpires: 'ASC' },
        take: BATCH,
      });
      for (const { operationId } of due) if (await this.expire(operationId)) failed++;
      if (due.length < BATCH) break;
    }
    if (failed > 0) this.logger.log({ failed }, 'Expired operations failed');
    return failed;
  }

  private expire(operationId: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const operation = await findOneForUpdate(em, Operation, { operationId });
      // re-checked under the lock: a client update may have moved it meanwhile
      if (!operation || operation.result !== 'CONTINUE' || operation.timestampExpires.getTime() >= now.getTime()) {
        return false;
      }
      const rows = await loadHistory(em, operationId);
      if (!(await moveOperation(em, operation, 'FAILED'))) return false;
      await recordHistory(em, {
        operationId,
        resultId: rows.length + 1,
        userId: operation.userId,
        requestAuthMethod: 'INIT',
        requestAuthStepResult: 'AUTH_METHOD_FAILED',
        requestParams: [],
        responseResult: 'FAILED',
        responseResultDescription: 'operation.timeout',
        responseSteps: [],
        created: now,
        expires: operation.timestampExpires,
      });
      return true;
    });
  }
}
