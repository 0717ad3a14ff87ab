import { EntityManager } from 'typeorm';
import { Table, isSqlite, perDataSource } from '@app/core';
import { ChallengeChain } from './challenge-chain.entity';
import { Challenge } from './challenge.entity';
import type { ChallengeChannel } from './challenge.types';
import { RateLimitKey } from './rate-limit-key.entity';

/** One sliding-window limit: the challenges of a user or of a recipient since a moment. */
export interface RateWindow {
  by: 'userId' | 'recipientHash';
  value: string;
  max: number;
}

/**
 * The statements of issuing and verifying a challenge (issue 13: the query builders cost more CPU
 * than the database spent on them), prepared once per data source (see `Table`).
 */
class ChallengeStatements {
  readonly challenges: Table<Challenge>;
  readonly chains: Table<ChallengeChain>;
  readonly rateKeys: Table<RateLimitKey>;
  private readonly sqlite: boolean;
  private readonly chainUpsertSql: string;
  /** By the number of keys (1 or 2). */
  private readonly rateKeysSql: string[] = [];
  /** By the windows read ('userId' or 'userId,recipientHash'). */
  private readonly windowsSql = new Map<string, string>();

  constructor(em: EntityManager) {
    this.sqlite = isSqlite(em.connection.options);
    this.challenges = new Table(em, Challenge, 'c');
    this.chains = new Table(em, ChallengeChain, 'ch');
    this.rateKeys = new Table(em, RateLimitKey, 'k');
    const ch = this.chains;
    const issued = ch.column('issuedCount', true);
    this.chainUpsertSql =
      `${ch.insertSql} ` +
      (this.sqlite
        ? `ON CONFLICT (${ch.column('chainKey', true)}) DO NOTHING`
        : // mysql2 answers a duplicate left unchanged with 1 affected row, as an insert
          // (CLIENT_FOUND_ROWS). LAST_INSERT_ID(expr), evaluated only for a duplicate, makes the
          // answer's insertId expr (≥ 1), where an insert into this table answers 0; the count
          // stays as it was.
          `ON DUPLICATE KEY UPDATE ${issued} = LAST_INSERT_ID(${issued} + 1) - 1`);
    const k = this.rateKeys;
    for (const count of [1, 2]) {
      const rows = Array.from({ length: count }, () => '(?, ?)').join(', ');
      this.rateKeysSql[count] =
        `INSERT INTO ${k.name} (${k.column('rateKey', true)}, ${k.column('createdAt', true)}) VALUES ${rows} ` +
        (this.sqlite
          ? `ON CONFLICT (${k.column('rateKey', true)}) DO NOTHING`
          : `ON DUPLICATE KEY UPDATE ${k.column('rateKey', true)} = ${k.column('rateKey', true)}`);
    }
  }

  /**
   * The chain row, locked until the transaction ends; created (as `fresh`) at the chain's first
   * issue. Concurrent first issues all upsert the same primary key: one inserts, the others wait
   * for it (on MySQL an exclusive lock also on a duplicate, so no two of them deadlock upgrading
   * a shared one; SQLite serializes transactions). Inserted, the row is `fresh` itself.
   */
  async lockChain(em: EntityManager, fresh: ChallengeChain): Promise<ChallengeChain> {
    const ch = this.chains;
    const result = await ch.run(em, this.chainUpsertSql, ch.insertValues(fresh));
    const inserted = this.sqlite ? result.affected === 1 : Number((result.raw as { insertId: unknown }).insertId) === 0;
    if (inserted) return fresh;
    return (await ch.findOne(em, { chainKey: fresh.chainKey }, { lock: true }))!;
  }

  /**
   * Locks the rate keys' rows until the transaction ends, creating those missing, in the order
   * given (the caller's order is the lock order), in one statement.
   */
  async lockRateKeys(em: EntityManager, rateKeys: string[], now: Date): Promise<void> {
    const k = this.rateKeys;
    const createdAt = k.value('createdAt', now);
    await em.query(
      this.rateKeysSql[rateKeys.length],
      rateKeys.flatMap((rateKey) => [rateKey, createdAt]),
    );
  }

  /**
   * Per window, the creation time of its `max`-th most recent challenge of `channels` created
   * after `since`, or null when it holds fewer: the window is full exactly when it is not null,
   * and then the window opens again an hour after it. One statement for every window; read
   * after the windows' keys are locked, so it sees every issue that committed before.
   */
  async windowsFull(
    em: EntityManager,
    windows: RateWindow[],
    channels: ChallengeChannel[],
    since: Date,
  ): Promise<Array<Date | null>> {
    const c = this.challenges;
    const key = windows.map((w) => w.by).join(',');
    let sql = this.windowsSql.get(key);
    if (!sql) {
      const list = channels.map(() => '?').join(', ');
      const columns = windows.map(
        (w, i) =>
          `(SELECT ${c.column('createdAt')} FROM ${c.name} ${c.alias} WHERE ${c.column(w.by)} = ? AND ` +
          `${c.column('channel')} IN (${list}) AND ${c.column('createdAt')} > ? ` +
          `ORDER BY ${c.column('createdAt')} DESC LIMIT 1 OFFSET ?) AS ${c.quote(`w${i}`)}`,
      );
      sql = `SELECT ${columns.join(', ')}`;
      this.windowsSql.set(key, sql);
    }
    const after = c.value('createdAt', since);
    const parameters = windows.flatMap((w) => [c.value(w.by, w.value), ...channels, after, w.max - 1]);
    const [row]: Array<Record<string, unknown>> = await em.query(sql, parameters);
    return windows.map((_, i) => c.hydratedValue('createdAt', row[`w${i}`]));
  }
}

/** The statements for the data source of `em` (written at its first use). */
export const challengeStatements = perDataSource((em) => new ChallengeStatements(em));
