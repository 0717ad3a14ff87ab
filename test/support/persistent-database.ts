import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@app/testing';

/**
 * A database that outlives one server (restarts): a scratch MySQL database with
 * TEST_DATABASE_URL, else an SQLite file in a temporary directory.
 */
export async function persistentTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await createTestDatabase();
  if (database.kind === 'mysql') return database;
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-'));
  return {
    url: `sqlite:${join(dir, 'stepwise.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
