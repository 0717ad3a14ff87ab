import { randomBytes, randomUUID } from 'node:crypto';
import {
  Connection as MysqlConnection,
  Pool,
  PoolConnection,
  RowDataPacket,
  createConnection,
  createPool,
} from 'mysql2/promise';
import { LoadResult, load } from './http-client';

export interface CapturedCall {
  name: string;
  statements: Array<{ thread: number; sql: string }>;
}

/** Values the harness puts in the captured flow; replaced by fresh ones of the same shape per replay. */
export const TOKEN = /benchcap[0-9a-f]{12}/g;
export const newToken = () => `benchcap${randomBytes(6).toString('hex')}`;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const MARK = "SELECT 'bench-mark:";

/**
 * Runs `flow` once with the MariaDB general log on (log_output TABLE), then restores both
 * settings, and returns the statements the server's connections (those whose default database
 * is `database`) sent during each call, split at the marks `flow` sets before each call.
 */
export async function captureFlow(
  serverUrl: string,
  database: string,
  flow: (mark: (call: string) => Promise<void>) => Promise<void>,
): Promise<CapturedCall[]> {
  const admin = await createConnection({ uri: serverUrl });
  try {
    const [[previous]] = await admin.query<RowDataPacket[]>(
      'SELECT @@GLOBAL.general_log AS generalLog, @@GLOBAL.log_output AS logOutput',
    );
    const [[{ start }]] = await admin.query<RowDataPacket[]>('SELECT NOW(6) AS start');
    await admin.query("SET GLOBAL log_output = 'TABLE'");
    await admin.query('SET GLOBAL general_log = 1');
    try {
      await flow((call) => admin.query(`${MARK}${call}'`).then(() => undefined));
    } finally {
      await admin.query('SET GLOBAL general_log = ?', [previous.generalLog]);
      await admin.query('SET GLOBAL log_output = ?', [previous.logOutput]);
    }
    const [threads] = await admin.query<RowDataPacket[]>('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?', [
      database,
    ]);
    const ids = new Set(threads.map((t) => Number(t.ID)));
    const [rows] = await admin.query<RowDataPacket[]>(
      "SELECT thread_id, command_type, argument FROM mysql.general_log WHERE event_time >= ? AND command_type = 'Query'",
      [start],
    );
    return split(rows, ids, admin.threadId);
  } finally {
    await admin.end();
  }
}

function split(rows: RowDataPacket[], serverThreads: Set<number>, markThread: number): CapturedCall[] {
  const calls: CapturedCall[] = [];
  for (const row of rows) {
    const sql = Buffer.isBuffer(row.argument) ? row.argument.toString('utf8') : String(row.argument);
    const thread = Number(row.thread_id);
    if (thread === markThread && sql.startsWith(MARK)) {
      calls.push({ name: sql.slice(MARK.length, -1), statements: [] });
    } else if (serverThreads.has(thread) && calls.length > 0) {
      calls[calls.length - 1].statements.push({ thread, sql });
    }
  }
  return calls;
}

/**
 * The limit beside the flow: the same statements replayed from a mysql2 pool as large as the
 * server's, at the same concurrency, each flow with fresh ids. Statements the server sent inside
 * one transaction stay on one connection; per-call latency is the time of a call's statements.
 */
export async function replay(
  url: string,
  calls: CapturedCall[],
  options: { clients: number; seconds: number; maxIterations: number; poolSize: number },
): Promise<LoadResult> {
  const pool: Pool = createPool({
    uri: url,
    connectionLimit: options.poolSize,
    timezone: 'Z',
    supportBigNumbers: true,
  });
  try {
    return await load({
      clients: options.clients,
      seconds: options.seconds,
      maxIterations: options.maxIterations,
      setup: async () => undefined,
      iteration: async (_state, _i, latencies) => {
        const rewrite = freshIds();
        for (const call of calls) await latencies.time(call.name, () => replayCall(pool, call, rewrite));
      },
    });
  } finally {
    await pool.end();
  }
}

/** A rewrite of one flow's statements: each captured token and UUID becomes a fresh one, the same throughout. */
export function freshIds(): (sql: string) => string {
  const fresh = new Map<string, string>();
  return (sql) =>
    sql
      .replace(TOKEN, (t) => fresh.get(t) ?? (fresh.set(t, newToken()), fresh.get(t)!))
      .replace(UUID, (u) => fresh.get(u) ?? (fresh.set(u, randomUUID()), fresh.get(u)!));
}

/** One call's statements, those of one server transaction on one pooled connection. */
export async function replayCall(pool: Pool, call: CapturedCall, rewrite: (sql: string) => string): Promise<void> {
  const open = new Map<number, PoolConnection>();
  try {
    for (const { thread, sql } of call.statements) {
      let connection: MysqlConnection | Pool | undefined = open.get(thread);
      if (!connection && /^\s*(SET TRANSACTION|START TRANSACTION|BEGIN)/i.test(sql)) {
        const held = await pool.getConnection();
        open.set(thread, held);
        connection = held;
      }
      await (connection ?? pool).query(rewrite(sql));
      if (/^\s*(COMMIT|ROLLBACK)/i.test(sql)) {
        open.get(thread)?.release();
        open.delete(thread);
      }
    }
  } finally {
    for (const held of open.values()) {
      await held.query('ROLLBACK').catch(() => undefined);
      held.release();
    }
  }
}
