/**
 * Counts the SQL statements the server sends, at TypeORM's query runners (every statement of
 * both drivers, transaction control included, passes through `query`). Installed by the bench
 * server entry before the data source exists; the MariaDB figure is cross-checked against the
 * general log by the harness.
 */
export function countStatements(): { count: number } {
  const counter = { count: 0 };
  const runners = [
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('typeorm/driver/mysql/MysqlQueryRunner').MysqlQueryRunner,
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner').BetterSqlite3QueryRunner,
  ];
  for (const runner of runners) {
    const query = runner.prototype.query as (...args: unknown[]) => Promise<unknown>;
    runner.prototype.query = function (this: unknown, ...args: unknown[]) {
      counter.count++;
      return query.apply(this, args);
    };
  }
  return counter;
}
