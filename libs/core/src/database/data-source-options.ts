import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseTarget } from '../config/database-url';
import { mysqlMigrations } from './migrations/mysql';
import { sqliteMigrations } from './migrations/sqlite';

/** TypeORM options for a DATABASE_URL target. The schema always comes from migrations. */
export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  if (target.kind === 'sqlite') {
    const memory = target.path === ':memory:';
    if (!memory) mkdirSync(dirname(target.path), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: target.path,
      enableWAL: !memory,
      timeout: 5000,
      synchronize: false,
      migrations: sqliteMigrations,
      migrationsTableName: 'schema_migrations',
    };
  }
  return {
    type: 'mysql',
    url: target.url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    poolSize: 20,
    synchronize: false,
    migrations: mysqlMigrations,
    migrationsTableName: 'schema_migrations',
  };
}

export function isSqlite(options: { type: string }): boolean {
  return options.type === 'better-sqlite3';
}
