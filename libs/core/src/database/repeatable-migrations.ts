import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { isSqlite } from './data-source-options';

/** Rows of data statements that already ran in a migration that also changes the schema (MySQL). */
export const MIGRATION_STEPS_TABLE = 'schema_migration_steps';

/** A migration stopped; the message names it and says what to do. */
export class MigrationFailedError extends Error {
  constructor(migration: string, statement: number, sql: string, cause: unknown) {
    super(
      `Migration ${migration} failed at statement ${statement} (${summary(sql)}): ${(cause as Error)?.message ?? cause}. ` +
        'What it applied before is kept on MySQL (its DDL commits at once) and rolled back on SQLite; ' +
        'every statement is safe to repeat: fix the cause (see the error) and start again, the ' +
        'migration resumes where it stopped.',
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

type Check = (runner: QueryRunner) => Promise<boolean>;

/**
 * Makes every migration of `dataSource` safe to run again after it was cut short (a kill, a
 * lost connection) and makes a failure name the migration and statement.
 *
 * MySQL and MariaDB commit each DDL statement at once, while the migration's row in
 * schema_migrations is written only at its end: a process killed in between left tables the
 * next start tried to create again ("Table … already exists"). Here each schema statement is
 * checked against information_schema first and skipped when its effect is already there
 * (CREATE TABLE / INDEX / CONSTRAINT / ADD COLUMN when it exists, DROP … when it is gone,
 * a rename when done); DDL is atomic on MySQL 8 and MariaDB ≥ 10.6, so what exists is whole.
 * A data statement after DDL runs outside any transaction (the DDL committed it), so it is
 * recorded in schema_migration_steps in its own transaction and not repeated. SQLite runs a
 * migration in one transaction, DDL included, so it only gets the error message.
 */
export async function makeMigrationsRepeatable(dataSource: DataSource, logger: Logger): Promise<void> {
  const mysql = !isSqlite(dataSource.options);
  if (mysql) {
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS \`${MIGRATION_STEPS_TABLE}\` (\`migration\` varchar(255) NOT NULL, ` +
        '`step` int NOT NULL, PRIMARY KEY (`migration`, `step`)) ENGINE=InnoDB',
    );
  }
  for (const migration of dataSource.migrations as Array<MigrationInterface & { name: string }>) {
    if ((migration as { repeatable?: true }).repeatable) continue;
    const up = migration.up.bind(migration);
    migration.up = (runner: QueryRunner) => up(guarded(dataSource, runner, migration.name, mysql, logger));
    (migration as { repeatable?: true }).repeatable = true;
  }
}

/** Forgets the recorded steps of migrations that have completed. */
export async function forgetCompletedSteps(dataSource: DataSource): Promise<void> {
  if (isSqlite(dataSource.options)) return;
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  await dataSource.query(
    `DELETE FROM \`${MIGRATION_STEPS_TABLE}\` WHERE \`migration\` IN (SELECT \`name\` FROM \`${table}\`)`,
  );
}

function guarded(
  dataSource: DataSource,
  runner: QueryRunner,
  migration: string,
  mysql: boolean,
  logger: Logger,
): QueryRunner {
  let statement = 0;
  let schemaChanged = false;
  const raw = runner.query.bind(runner) as (
    sql: string,
    parameters?: unknown[],
    structured?: boolean,
  ) => Promise<unknown>;
  const query = async (sql: string, parameters?: unknown[], structured?: boolean): Promise<unknown> => {
    const step = ++statement;
    logger.debug(`Migration ${migration}: statement ${step} (${summary(sql)})`);
    try {
      if (!mysql) return await raw(sql, parameters, structured);
      const done = alreadyDone(sql);
      if (done) {
        schemaChanged = true;
        if (await done(runner)) {
          logger.log(`Migration ${migration}: statement ${step} was applied by an interrupted run, skipped`);
          return structured ? { records: [], raw: [] } : [];
        }
        return await raw(sql, parameters, structured);
      }
      if (!schemaChanged || !/^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql)) {
        return await raw(sql, parameters, structured);
      }
      return await runOnce(runner, migration, step, () => raw(sql, parameters, structured));
    } catch (error) {
      if (error instanceof MigrationFailedError) throw error;
      throw new MigrationFailedError(migration, step, sql, error);
    }
  };
  // The migration's own manager runs through the guard too. TypeORM assigns a manager to the
  // runner it is created for; that stays on the proxy, so the real runner (which also records
  // the migration in schema_migrations) keeps its own.
  let manager: EntityManager | undefined;
  const proxy: QueryRunner = new Proxy(runner, {
    get(target, property, receiver) {
      if (property === 'query') return query;
      if (property === 'manager') return (manager ??= dataSource.createEntityManager(receiver as QueryRunner));
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set(target, property, value) {
      if (property === 'manager') manager = value as EntityManager;
      else Reflect.set(target, property, value);
      return true;
    },
  });
  return proxy;
}

/** A data statement after DDL, with its record, in a transaction of its own; skipped once recorded. */
async function runOnce(runner: QueryRunner, migration: string, step: number, run: () => Promise<unknown>) {
  const done = await runner.query(
    `SELECT 1 AS done FROM \`${MIGRATION_STEPS_TABLE}\` WHERE \`migration\` = ? AND \`step\` = ?`,
    [migration, step],
  );
  if ((done as unknown[]).length > 0) return [];
  await runner.query('START TRANSACTION');
  try {
    const result = await run();
    await runner.query(`INSERT INTO \`${MIGRATION_STEPS_TABLE}\` (\`migration\`, \`step\`) VALUES (?, ?)`, [
      migration,
      step,
    ]);
    await runner.query('COMMIT');
    return result;
  } catch (error) {
    await runner.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

const ID = '`([^`]+)`';
const TABLE = new RegExp(`^\\s*ALTER TABLE\\s+${ID}\\s+`, 'i');

/**
 * For a schema statement as TypeORM writes them for MySQL: how to tell that its effect is
 * already there. Null for anything else (data statements, MODIFY, which repeat harmlessly).
 */
function alreadyDone(sql: string): Check | null {
  let m: RegExpMatchArray | null;
  if ((m = sql.match(new RegExp(`^\\s*CREATE TABLE\\s+${ID}`, 'i')))) return tableExists(m[1]);
  if ((m = sql.match(new RegExp(`^\\s*DROP TABLE\\s+${ID}`, 'i')))) return not(tableExists(m[1]));
  if (
    (m = sql.match(
      new RegExp(`^\\s*CREATE\\s+(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\s+${ID}\\s+ON\\s+${ID}`, 'i'),
    ))
  ) {
    return indexExists(m[2], m[1]);
  }
  if ((m = sql.match(new RegExp(`^\\s*DROP INDEX\\s+${ID}\\s+ON\\s+${ID}`, 'i')))) return not(indexExists(m[2], m[1]));
  if ((m = sql.match(new RegExp(`^\\s*RENAME TABLE\\s+${ID}\\s+TO\\s+${ID}`, 'i')))) return renamed(m[1], m[2]);
  const alter = sql.match(TABLE);
  if (!alter) return null;
  const table = alter[1];
  const rest = sql.slice(alter[0].length);
  if ((m = rest.match(new RegExp(`^ADD\\s+CONSTRAINT\\s+${ID}`, 'i')))) return constraintExists(table, m[1]);
  if ((m = rest.match(new RegExp(`^DROP\\s+(?:FOREIGN KEY|CONSTRAINT|CHECK)\\s+${ID}`, 'i')))) {
    return not(constraintExists(table, m[1]));
  }
  if ((m = rest.match(new RegExp(`^ADD\\s+(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?(?:INDEX|KEY)\\s+${ID}`, 'i')))) {
    return indexExists(table, m[1]);
  }
  if ((m = rest.match(new RegExp(`^DROP\\s+(?:INDEX|KEY)\\s+${ID}`, 'i')))) return not(indexExists(table, m[1]));
  if (/^ADD\s+PRIMARY KEY/i.test(rest)) return indexExists(table, 'PRIMARY');
  if (/^DROP\s+PRIMARY KEY/i.test(rest)) return not(indexExists(table, 'PRIMARY'));
  if ((m = rest.match(new RegExp(`^DROP\\s+(?:COLUMN\\s+)?${ID}`, 'i')))) return not(columnExists(table, m[1]));
  if ((m = rest.match(new RegExp(`^CHANGE\\s+(?:COLUMN\\s+)?${ID}\\s+${ID}`, 'i'))) && m[1] !== m[2]) {
    const [from, to] = [m[1], m[2]];
    return async (runner) => !(await columnExists(table, from)(runner)) && (await columnExists(table, to)(runner));
  }
  if ((m = rest.match(new RegExp(`^RENAME\\s+(?:TO|AS)\\s+${ID}`, 'i')))) return renamed(table, m[1]);
  if ((m = rest.match(new RegExp(`^ADD\\s+(?:COLUMN\\s+)?${ID}`, 'i')))) return columnExists(table, m[1]);
  return null;
}

const exists =
  (sql: string, ...parameters: string[]): Check =>
  async (runner) =>
    ((await runner.query(sql, parameters)) as unknown[]).length > 0;
const tableExists = (table: string) =>
  exists('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?', table);
const columnExists = (table: string, column: string) =>
  exists(
    'SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
    table,
    column,
  );
const indexExists = (table: string, index: string) =>
  exists(
    'SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = ?',
    table,
    index,
  );
const constraintExists = (table: string, constraint: string) =>
  exists(
    'SELECT 1 FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = ?',
    table,
    constraint,
  );
const not =
  (check: Check): Check =>
  async (runner) =>
    !(await check(runner));
const renamed =
  (from: string, to: string): Check =>
  async (runner) =>
    !(await tableExists(from)(runner)) && (await tableExists(to)(runner));

function summary(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
