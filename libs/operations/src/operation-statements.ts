import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { lockForUpdate } from '@app/core';
import { OperationHistory } from './operation-history.entity';
import { Operation } from './operation.entity';

/**
 * The statements of an operation's steps as plain parameterised SQL, written once per data source
 * from the entities' metadata: building them through TypeORM's query builders cost more CPU than
 * the database spent on them (issue 13). Values go to and come from the database through the
 * driver's own conversions (`preparePersistentValue`, `prepareHydratedValue`, column transformers
 * included), so what is stored and read is exactly what `em.insert`/`em.find` store and read.
 */
class Table<E extends ObjectLiteral> {
  readonly name: string;
  private readonly columns: ColumnMetadata[];
  private readonly insertSql: string;

  constructor(
    private readonly em: EntityManager,
    entity: EntityTarget<E>,
    readonly alias: string,
  ) {
    const metadata = em.connection.getMetadata(entity);
    this.name = this.quote(metadata.tableName);
    this.columns = metadata.columns;
    const names = this.columns.map((c) => this.quote(c.databaseName));
    this.insertSql = `INSERT INTO ${this.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  }

  quote(name: string): string {
    return this.em.connection.driver.escape(name);
  }

  /** The quoted column of a property; with the table's alias unless `bare`. */
  column(property: keyof E & string, bare = false): string {
    const column = this.columns.find((c) => c.propertyName === property);
    if (!column) throw new Error(`${this.name} has no column ${property}`);
    return bare ? this.quote(column.databaseName) : `${this.alias}.${this.quote(column.databaseName)}`;
  }

  /** Every column, each as `<alias>_<column>` so two tables can share one result row. */
  selectList(): string {
    return this.columns
      .map((c) => `${this.alias}.${this.quote(c.databaseName)} AS ${this.quote(`${this.alias}_${c.databaseName}`)}`)
      .join(', ');
  }

  /** The entity in a row selected with `selectList()`; null when the (outer-joined) row is absent. */
  hydrate(raw: Record<string, unknown>): E | null {
    const driver = this.em.connection.driver;
    const entity: Record<string, unknown> = {};
    let present = false;
    for (const column of this.columns) {
      const value = raw[`${this.alias}_${column.databaseName}`];
      if (column.isPrimary && value != null) present = true;
      entity[column.propertyName] = driver.prepareHydratedValue(value, column);
    }
    return present ? (entity as E) : null;
  }

  /** Persistent value of one property, as TypeORM would bind it. */
  value(property: keyof E & string, value: unknown): unknown {
    const column = this.columns.find((c) => c.propertyName === property)!;
    return this.em.connection.driver.preparePersistentValue(value, column);
  }

  async insert(manager: EntityManager, row: E): Promise<void> {
    const driver = manager.connection.driver;
    await manager.query(
      this.insertSql,
      this.columns.map((c) => driver.preparePersistentValue(row[c.propertyName], c)),
    );
  }
}

/** What an update or detail reads in one statement: the operation, its history and (optionally) more. */
export interface OperationWithHistory {
  operation: Operation;
  history: OperationHistory[];
  /** The extra column asked for (the config version carried along), as the driver returned it. */
  extra: unknown;
}

/** The prepared statements of one data source. */
class OperationStatements {
  readonly operations: Table<Operation>;
  readonly history: Table<OperationHistory>;
  private readonly readSql: string;
  private readonly updateSql = new Map<string, string>();

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
    from: string,
    changes: Partial<Pick<Operation, 'userId' | 'timestampExpires' | 'result'>>,
  ): Promise<boolean> {
    const runner = em.queryRunner;
    if (!runner) throw new Error('OperationStatements.update runs inside a transaction');
    const properties = (Object.keys(changes) as Array<keyof typeof changes>).filter((p) => changes[p] !== undefined);
    const o = this.operations;
    const key = properties.join(',');
    let sql = this.updateSql.get(key);
    if (!sql) {
      const set = properties.map((p) => `${o.column(p, true)} = ?`).join(', ');
      sql = `UPDATE ${o.name} SET ${set} WHERE ${o.column('operationId', true)} = ? AND ${o.column('result', true)} = ?`;
      this.updateSql.set(key, sql);
    }
    const values = properties.map((p) => o.value(p, changes[p]));
    const result = await runner.query(sql, [...values, operationId, from], true);
    return result.affected === 1;
  }
}

const prepared = new WeakMap<object, OperationStatements>();

/** The statements for the data source of `em` (written at its first use). */
export function operationStatements(em: EntityManager): OperationStatements {
  let statements = prepared.get(em.connection);
  if (!statements) {
    statements = new OperationStatements(em.connection.manager);
    prepared.set(em.connection, statements);
  }
  return statements;
}
