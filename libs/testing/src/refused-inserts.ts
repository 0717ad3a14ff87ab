import type { DataSource } from 'typeorm';
import { isSqlite } from '@app/core';

/**
 * Makes the database itself refuse every INSERT into `table` with `message` (a trigger raising an
 * error), until the returned function drops it: a failing statement whichever code sends it, on
 * SQLite and MySQL/MariaDB alike. `table` and `message` are the test's own literals.
 */
export async function refuseInserts(db: DataSource, table: string, message: string): Promise<() => Promise<void>> {
  if (!/^\w+$/.test(table) || !/^[\w .-]+$/.test(message)) throw new Error('refuseInserts: plain names only');
  const trigger = `refuse_inserts_${table}`;
  await db.query(
    isSqlite(db.options)
      ? `CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`
      : `CREATE TRIGGER ${trigger} BEFORE INSERT ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${message}'`,
  );
  return async () => {
    await db.query(`DROP TRIGGER ${trigger}`);
  };
}
