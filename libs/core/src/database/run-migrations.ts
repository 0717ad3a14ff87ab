import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { isSqlite } from './data-source-options';
import { forgetCompletedSteps, makeMigrationsRepeatable } from './repeatable-migrations';

const LOCK_NAME = 'stepwise_schema_migrations';
const LOCK_WAIT_SECONDS = 120;

/**
 * Applies pending migrations. On MySQL a named lock (GET_LOCK) makes replicas that start
 * together take turns: the first migrates, the others then find nothing pending. A migration
 * cut short (a kill during the first start) resumes on the next start instead of failing on
 * what it had already created (see makeMigrationsRepeatable).
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (isSqlite(dataSource.options)) {
    await apply(dataSource, logger);
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const [row] = await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [LOCK_NAME, LOCK_WAIT_SECONDS]);
    if (Number(row?.acquired) !== 1) {
      throw new Error(`Could not take the migration lock within ${LOCK_WAIT_SECONDS}s`);
    }
    try {
      await apply(dataSource, logger);
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}

async function apply(dataSource: DataSource, logger: Logger): Promise<void> {
  await makeMigrationsRepeatable(dataSource, logger);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  for (const migration of applied) logger.log(`Applied migration ${migration.name}`);
  await forgetCompletedSteps(dataSource);
}
