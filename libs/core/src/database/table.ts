import { EntityManager, EntityTarget, ObjectLiteral, QueryResult } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { lockForUpdate } from './transactions';

/**
 * An entity's table for hot statements written as plain parameterised SQL, once per data source,
 * from the entity's metadata: building them through TypeORM's query builders on every call cost
 * more CPU than the database spent on them (issue 13). Values go to and come from the database
 * through the driver's own conversions (`preparePersistentValue`, `prepareHydratedValue`, column
 * transformers included), so what is stored and read is exactly what `em.insert`/`em.find` store
 * and read. Unlike `em.insert`, `insert` reads nothing back: the caller holds the whole row.
 */
export class Table<E extends ObjectLiteral> {
  readonly name: string;
  private readonly columns: ColumnMetadata[];
  private readonly byProperty = new Map<string, ColumnMetadata>();
  /** `INSERT` of every column, in the order of `insertValues`. */
  readonly insertSql: string;
  /** Statements of `findOne`, `find` and `update`, by the properties they name. */
  private readonly statements = new Map<string, string>();

  constructor(
    private readonly em: EntityManager,
    entity: EntityTarget<E>,
    readonly alias: string,
  ) {
    const metadata = em.connection.getMetadata(entity);
    this.name = this.quote(metadata.tableName);
    this.columns = metadata.columns;
    for (const column of this.columns) this.byProperty.set(column.propertyName, column);
    const names = this.columns.map((c) => this.quote(c.databaseName));
    this.insertSql = `INSERT INTO ${this.name} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  }

  /** The table of `entity` on the data source of `em`, written at its first use. */
  static of<E extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<E>, alias = 't'): Table<E> {
    let byEntity = tables.get(em.connection);
    if (!byEntity) tables.set(em.connection, (byEntity = new Map()));
    const key = `${alias}:${em.connection.getMetadata(entity).name}`;
    let table = byEntity.get(key) as Table<E> | undefined;
    if (!table) byEntity.set(key, (table = new Table(em.connection.manager, entity, alias)));
    return table;
  }

  quote(name: string): string {
    return this.em.connection.driver.escape(name);
  }

  /** The quoted column of a property; with the table's alias unless `bare`. */
  column(property: keyof E & string, bare = false): string {
    const name = this.quote(this.metadataOf(property).databaseName);
    return bare ? name : `${this.alias}.${name}`;
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
    return this.em.connection.driver.preparePersistentValue(value, this.metadataOf(property));
  }

  /** A value of one property's column as the database returned it (e.g. from a subquery), as the entity holds it. */
  hydratedValue<P extends keyof E & string>(property: P, raw: unknown): E[P] {
    return this.em.connection.driver.prepareHydratedValue(raw, this.metadataOf(property)) as E[P];
  }

  async insert(manager: EntityManager, row: E): Promise<void> {
    await manager.query(this.insertSql, this.insertValues(row));
  }

  /** The parameters of `insertSql` for a row. */
  insertValues(row: E): unknown[] {
    const driver = this.em.connection.driver;
    return this.columns.map((c) => driver.preparePersistentValue(row[c.propertyName], c));
  }

  /**
   * The row whose columns equal `where`; with `lock`, locked until the transaction ends (SELECT …
   * FOR UPDATE; no row locks on SQLite, where the transaction queue serializes).
   */
  async findOne(manager: EntityManager, where: Partial<E>, options: { lock?: boolean } = {}): Promise<E | null> {
    const lock = options.lock === true && lockForUpdate(manager) !== undefined;
    const rows = await this.select(manager, where, lock ? ' LIMIT 1 FOR UPDATE' : ' LIMIT 1');
    return rows.length > 0 ? this.hydrate(rows[0]) : null;
  }

  /** Every row whose columns equal `where`, in no particular order. */
  async find(manager: EntityManager, where: Partial<E>): Promise<E[]> {
    return (await this.select(manager, where, '')).map((row) => this.hydrate(row)!);
  }

  /**
   * `UPDATE … SET <changes> WHERE <where>` (each an equality; undefined changes are left out, as
   * `em.update` does); returns the rows matched, as `em.update`'s `affected`.
   */
  async update(manager: EntityManager, where: Partial<E>, changes: Partial<E>): Promise<number> {
    const properties = this.keysOf(where);
    const changed = (Object.keys(changes) as Array<keyof E & string>).filter((p) => changes[p] !== undefined);
    const sql = this.statement(`update:${properties.join(',')}:${changed.join(',')}`, () => {
      const set = changed.map((p) => `${this.column(p, true)} = ?`).join(', ');
      const conditions = properties.map((p) => `${this.column(p, true)} = ?`).join(' AND ');
      return `UPDATE ${this.name} SET ${set} WHERE ${conditions}`;
    });
    const result = await this.run(manager, sql, [
      ...this.valuesOf(changed, changes),
      ...this.valuesOf(properties, where),
    ]);
    return result.affected ?? 0;
  }

  /** A statement with its QueryResult (rows affected), on the caller's transaction when there is one. */
  async run(manager: EntityManager, sql: string, parameters: unknown[]): Promise<QueryResult> {
    const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
    try {
      return await runner.query(sql, parameters, true);
    } finally {
      if (!manager.queryRunner) await runner.release();
    }
  }

  /** `SELECT <every column> … WHERE <where>` (equalities) followed by `suffix`. */
  private select(manager: EntityManager, where: Partial<E>, suffix: string): Promise<Array<Record<string, unknown>>> {
    const properties = this.keysOf(where);
    const sql = this.statement(`select:${properties.join(',')}:${suffix}`, () => {
      const conditions = properties.map((p) => `${this.column(p)} = ?`).join(' AND ');
      return `SELECT ${this.selectList()} FROM ${this.name} ${this.alias} WHERE ${conditions}${suffix}`;
    });
    return manager.query(sql, this.valuesOf(properties, where));
  }

  private metadataOf(property: string): ColumnMetadata {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`${this.name} has no column ${property}`);
    return column;
  }

  /** The properties of a WHERE of equalities; a missing value would compare with NULL and match nothing. */
  private keysOf(where: Partial<E>): Array<keyof E & string> {
    const properties = Object.keys(where) as Array<keyof E & string>;
    if (properties.length === 0 || properties.some((p) => where[p] == null)) {
      throw new Error(`${this.name}: a condition needs a value for each of ${properties.join(', ') || 'its columns'}`);
    }
    return properties;
  }

  private valuesOf(properties: Array<keyof E & string>, values: Partial<E>): unknown[] {
    const driver = this.em.connection.driver;
    return properties.map((p) => driver.preparePersistentValue(values[p], this.metadataOf(p)));
  }

  private statement(key: string, write: () => string): string {
    let sql = this.statements.get(key);
    if (!sql) this.statements.set(key, (sql = write()));
    return sql;
  }
}

const tables = new WeakMap<object, Map<string, Table<ObjectLiteral>>>();

/**
 * `build` once per data source, at its first use: for a set of statements written from the
 * metadata of that data source's entities (operations, challenges).
 */
export function perDataSource<T>(build: (em: EntityManager) => T): (em: EntityManager) => T {
  const built = new WeakMap<object, T>();
  return (em) => {
    let value = built.get(em.connection);
    if (value === undefined) built.set(em.connection, (value = build(em.connection.manager)));
    return value;
  };
}
