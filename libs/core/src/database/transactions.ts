import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  QueryRunner,
  Repository,
} from 'typeorm';
import { isSqlite } from './data-source-options';

const DEADLOCK_ERRORS = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

/** The transaction open in one async context (a request, a job run). */
interface OpenTransaction {
  dataSource: DataSource;
  /** Set once TypeORM has begun the transaction. */
  manager?: EntityManager;
  afterCommit: Array<() => void | Promise<void>>;
}

const open = new AsyncLocalStorage<OpenTransaction>();

/**
 * Runs units of work in one database transaction. Every state change of an operation, code,
 * session or message goes through here. The open transaction travels with the async context
 * (as vendure's TransactionalConnection does), so a service called inside another service's
 * `run` joins that transaction instead of opening a second one: only the outermost `run`
 * commits, and a failure anywhere inside rolls the whole unit back.
 *
 * SQLite has one connection: transactions are queued so they never interleave, and a statement
 * issued outside any `run` waits its turn too, so it can never slip into (and be committed or
 * rolled back with) another request's open transaction. On MySQL a deadlock victim is retried,
 * since the whole unit of work rolled back.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private readonly sqlite: boolean;
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sqlite = isSqlite(dataSource.options);
    if (this.sqlite && dataSource.isInitialized) this.queueStatementsOutsideRuns();
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.current();
    if (current) return work(current.manager!);
    const committed = this.sqlite
      ? await this.enqueue(() => this.outermost(work, undefined))
      : await this.withDeadlockRetry(() => this.outermost(work, 'READ COMMITTED'));
    // After-commit hooks run outside the finished transaction's context and, on SQLite, after
    // its queue slot, so their own statements can take their turn.
    if (committed.afterCommit.length > 0) await open.exit(() => this.runHooks(committed.afterCommit));
    return committed.result;
  }

  /** Whether this async context is inside a `run` of this data source. */
  get inTransaction(): boolean {
    return this.current() !== undefined;
  }

  /** The open transaction's manager, or the data source's own outside a `run`. */
  manager(): EntityManager {
    return this.current()?.manager ?? this.dataSource.manager;
  }

  /** A repository bound to `manager()`, so writes through it belong to the caller's transaction. */
  repository<E extends ObjectLiteral>(entity: EntityTarget<E>): Repository<E> {
    return this.manager().getRepository(entity);
  }

  /**
   * Runs `hook` once the outermost transaction has committed (at once outside a `run`); never
   * after a rollback. For side effects that must not happen for uncommitted state, such as a
   * first delivery attempt of a message queued in the transaction. A failing hook is logged.
   */
  async afterCommit(hook: () => void | Promise<void>): Promise<void> {
    const current = this.current();
    if (current) {
      current.afterCommit.push(hook);
      return;
    }
    await this.runHook(hook);
  }

  private async outermost<T>(
    work: (manager: EntityManager) => Promise<T>,
    isolation: 'READ COMMITTED' | undefined,
  ): Promise<{ result: T; afterCommit: OpenTransaction['afterCommit'] }> {
    const context: OpenTransaction = { dataSource: this.dataSource, afterCommit: [] };
    const inTransaction = (manager: EntityManager) => {
      context.manager = manager;
      return work(manager);
    };
    const result = await open.run(context, () =>
      isolation ? this.dataSource.transaction(isolation, inTransaction) : this.dataSource.transaction(inTransaction),
    );
    return { result, afterCommit: context.afterCommit };
  }

  private async runHooks(hooks: OpenTransaction['afterCommit']): Promise<void> {
    for (const hook of hooks) await this.runHook(hook);
  }

  private async runHook(hook: () => void | Promise<void>): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.logger.error({ err: error }, 'After-commit hook failed');
    }
  }

  private current(): OpenTransaction | undefined {
    const context = open.getStore();
    return context?.dataSource === this.dataSource && context.manager ? context : undefined;
  }

  private enqueue<T>(unit: () => Promise<T>): Promise<T> {
    const result = this.sqliteQueue.then(unit);
    this.sqliteQueue = result.catch(() => undefined);
    return result;
  }

  /**
   * SQLite's driver shares one query runner for everything. A statement from outside a `run`
   * (a plain repository read, a migration) is queued as a unit of its own, so it never runs
   * between another transaction's BEGIN and COMMIT.
   */
  private queueStatementsOutsideRuns(): void {
    const runner = this.dataSource.driver.createQueryRunner('master') as QueryRunner & { queuedOutsideRuns?: true };
    if (runner.queuedOutsideRuns) return;
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    const dataSource = this.dataSource;
    runner.query = ((...args: unknown[]) => {
      if (open.getStore()?.dataSource === dataSource) return query(...args);
      return this.enqueue(() => query(...args));
    }) as QueryRunner['query'];
    runner.queuedOutsideRuns = true;
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

/** The `lock` find option that holds the rows read until the transaction ends (none on SQLite). */
export function lockForUpdate(manager: EntityManager): { mode: 'pessimistic_write' } | undefined {
  return isSqlite(manager.connection.options) ? undefined : { mode: 'pessimistic_write' };
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
  return manager.findOne(entity, { where, lock: lockForUpdate(manager) });
}
