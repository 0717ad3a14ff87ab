import { DataSource } from 'typeorm';
import { JobLease, dataSourceOptions, initializeDataSource, parseDatabaseUrl, runMigrations } from '@app/core';
import { SCHEMA_MIGRATIONS } from '@app/schema';
import { createTestDatabase } from '@app/testing';

/**
 * A scratch database with the whole schema, opened with JobLease as its one entity: a plain
 * table for the tests of core's database mechanisms (Transactions, Table).
 */
export async function openJobLeaseDatabase(): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const database = await createTestDatabase();
  const dataSource = await initializeDataSource({
    ...(await dataSourceOptions(parseDatabaseUrl(database.url), SCHEMA_MIGRATIONS)),
    entities: [JobLease],
  });
  await runMigrations(dataSource);
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
