import { EntityManager } from 'typeorm';
import { Table, lockForUpdate, perDataSource } from '@app/core';
import { OperationHistory } from './operation-history.entity';
import { Operation } from './operation.entity';

/** What an update or detail reads in one statement: the operation, its history and (optionally) more. */
export interface OperationWithHistory {
  operation: Operation;
  history: OperationHistory[];
  /** The extra column asked for (the config version carried along), as the driver returned it. */
  extra: unknown;
}

/** The statements of an operation's steps, prepared once per data source (see `Table`). */
class OperationStatements {
  readonly operations: Table<Operation>;
  readonly history: Table<OperationHistory>;
  private readonly readSql: string;

  constructor(em: EntityManager) {
    this.operations = new Table(em, Operation, 'o');
    this.history = new Table(em, OperationHistory, 'h');
    const o = this.operations;
    const h = this.history;
    this.readSql =
      `SELECT ${o.selectList()}, ${h.selectList()}, %EXTRA% AS ${o.quote('extra')} ` +
      `FROM ${o.name} o LEFT JOIN ${h.name} h ON ${h.column('operationId')} = ${o.column('operationId')} ` +
      `WHERE ${o.column('operationId')} = ?`;
  }

  /**
   * The operation with its history in sequence order, in one statement; with `lock`, the operation
   * row (and its history rows) stay locked until the transaction ends (no row locks on SQLite,
   * where the transaction queue serializes). `extra` is a scalar SQL expression read along.
   */
  async read(
    em: EntityManager,
    operationId: string,
    options: { lock: boolean; extra?: string },
  ): Promise<OperationWithHistory | null> {
    const lock = options.lock && lockForUpdate(em) ? ' FOR UPDATE' : '';
    const sql = this.readSql.replace('%EXTRA%', options.extra ?? 'NULL') + lock;
    const rows: Array<Record<string, unknown>> = await em.query(sql, [operationId]);
    if (rows.length === 0) return null;
    const history: OperationHistory[] = [];
    for (const row of rows) {
      const entry = this.history.hydrate(row);
      if (entry) history.push(entry);
    }
    // sorted here: an ORDER BY on the joined table made MariaDB sort the TEXT columns in an
    // on-disk temporary table on every read (issue 13)
    history.sort((a, b) => a.resultId - b.resultId);
    return { operation: this.operations.hydrate(rows[0])!, history, extra: rows[0].extra };
  }

  /**
   * Stores `changes` of the operation where its result is still `from` (compare-and-set); false
   * when the row had left `from`. Which results may follow which is the caller's to check.
   */
  async update(
    em: EntityManager,
    operationId: string,
    from: Operation['result'],
    changes: Partial<Pick<Operation, 'userId' | 'timestampExpires' | 'result'>>,
  ): Promise<boolean> {
    if (!em.queryRunner) throw new Error('OperationStatements.update runs inside a transaction');
    return (await this.operations.update(em, { operationId, result: from }, changes)) === 1;
  }
}

/** The statements for the data source of `em` (written at its first use). */
export const operationStatements = perDataSource((em) => new OperationStatements(em));
