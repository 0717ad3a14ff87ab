import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PoolConnection } from 'mysql2';
import { RowDataPacket, createConnection } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseTarget } from '../config/database-url';
import type { MigrationSet } from './migration-set';

/**
 * TypeORM options for a DATABASE_URL target. The schema always comes from migrations: the
 * driver's half of `migrations` (the deployables pass `@app/schema`'s). A mysql://
 * URL may point at MySQL or MariaDB; the server is asked which, because TypeORM reads MariaDB's
 * column metadata (e.g. the default of nullable columns) correctly only with its `mariadb` type.
 */
export async function dataSourceOptions(target: DatabaseTarget, migrations: MigrationSet): Promise<DataSourceOptions> {
  if (target.kind === 'sqlite') {
    const memory = target.path === ':memory:';
    if (!memory) mkdirSync(dirname(target.path), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: target.path,
      enableWAL: !memory,
      timeout: 5000,
      synchronize: false,
      migrations: [...migrations.sqlite],
      migrationsTableName: 'schema_migrations',
    };
  }
  reuseMysqlPromiseWrappers();
  return {
    type: (await isMariaDb(target.url)) ? 'mariadb' : 'mysql',
    url: target.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: 20,
    // mysql2 captures a stack trace per statement for its own errors; TypeORM's QueryFailedError
    // carries the caller's stack already (and the driver error is never logged)
    trace: false,
    synchronize: false,
    migrations: [...migrations.mysql],
    migrationsTableName: 'schema_migrations',
  };
}

const wrapped = Symbol.for('stepwise.mysqlPromiseWrapper');

/**
 * mysql2's `PoolConnection#promise()` resolves a require() and builds an event-forwarding wrapper
 * on every call, and TypeORM calls it once per statement (some 2 % of the server's CPU in a
 * payment flow, issue 13). The wrapper keeps no state of its own besides the connection, so each
 * pooled connection keeps its first one.
 */
function reuseMysqlPromiseWrappers(): void {
  const prototype = PoolConnection.prototype as unknown as {
    promise: (promiseImpl?: unknown) => unknown;
    [wrapped]?: true;
  };
  if (prototype[wrapped]) return;
  const original = prototype.promise;
  const cache = new WeakMap<object, unknown>();
  prototype.promise = function (this: object, promiseImpl?: unknown) {
    if (promiseImpl !== undefined) return original.call(this, promiseImpl);
    let wrapper = cache.get(this);
    if (!wrapper) cache.set(this, (wrapper = original.call(this)));
    return wrapper;
  };
  prototype[wrapped] = true;
}
async function isMariaDb(url: string): Promise<boolean> {
  const connection = await createConnection({ uri: url, connectTimeout: 10_000 });
  try {
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version');
    return /mariadb/i.test(String(rows[0]?.version));
  } finally {
    await connection.end();
  }
}

export function isSqlite(options: { type: string }): boolean {
  return options.type === 'better-sqlite3';
}
