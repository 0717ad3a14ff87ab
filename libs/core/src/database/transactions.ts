import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { isSqlite } from './data-source-options';

const DEADLOCK_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

/**
 * Runs units of work in one database transaction. Every state change of an operation, OTP or
 * consent goes through here. On SQLite (one connection) transactions are queued so they never
 * interleave; on MySQL a deadlock victim is retried, since the whole unit of work rolled back.
 * Callers must do all writes inside `run`, so nothing half-done is ever committed.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (isSqlite(this.dataSource.options)) {
      const result = this.sqliteQueue.then(() => this.dataSource.transaction(work));
      this.sqliteQueue = result.catch(() => undefined);
      return result;
    }
    return this.withDeadlockRetry(() => this.dataSource.transaction('READ COMMITTED', work));
  }

  private async withDeadlockRetry<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code;
        if (n >= MAX_ATTEMPTS || !code || !DEADLOCK_ERRORS.has(code)) throw error;
        this.logger.warn(`Transaction retried after ${code} (attempt ${n})`);
      }
    }
  }
}

/**
 * Reads one row and locks it until the transaction ends (SELECT … FOR UPDATE), so concurrent
 * updates of the same row serialize. SQLite has no row locks; there the queue in Transactions
 * already serializes every transaction.
 */
export function findOneForUpdate<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
): Promise<T | null> {
  if (isSqlite(manager.connection.options)) return manager.findOne(entity, { where });
  return manager.findOne(entity, { where, lock: { mode: 'pessimistic_write' } });
}
