import { ScratchDatabase, createScratchMysqlDatabase } from '@app/core';

export type TestDatabase = ScratchDatabase;

/**
 * The database a suite runs on: SQLite in memory by default; with TEST_DATABASE_URL
 * (mysql://…) a scratch database of its own on that server, dropped afterwards, so suites
 * never see each other's rows and can run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base || base.startsWith('sqlite:')) {
    return { url: base ?? 'sqlite::memory:', kind: 'sqlite', drop: async () => undefined };
  }
  return createScratchMysqlDatabase(base);
}
