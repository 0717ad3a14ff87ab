import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

export interface ScratchDatabase {
  url: string;
  kind: 'sqlite' | 'mysql';
  drop(): Promise<void>;
}

/**
 * A new, empty database on the MySQL server of `baseUrl` (named after its database plus a random
 * suffix), and how to drop it: for test suites and the schema tooling, never for serving.
 */
export async function createScratchMysqlDatabase(baseUrl: string): Promise<ScratchDatabase> {
  const url = new URL(baseUrl);
  const name = `${url.pathname.replace(/^\//, '') || 'test'}_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'mysql',
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
