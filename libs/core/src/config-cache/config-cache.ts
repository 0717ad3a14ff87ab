import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { requestContext } from '../logging/logger';

const ROW = 1;

/**
 * Configuration that changes only through the admin API (auth methods, step definitions,
 * operation configs), kept in memory and checked against the `config_version` row, which
 * every such change bumps in the same transaction as the change (`changed()`). The version is
 * read once per HTTP request (outside requests, at every use), so a change made on any replica
 * applies to the next request on every replica, as without a cache.
 *
 * A statement the request sends anyway may carry the read (`VERSION_SQL` as one of its columns,
 * then `observe`): that statement is then the request's version read, one round trip less.
 *
 * Entries remember the version they were loaded under and are used only for that version, so
 * a slow load that overlapped a change can never be served as current. A transaction that made
 * a change reads around the cache (its uncommitted rows must not be cached).
 */
@Injectable()
export class ConfigCache {
  private readonly entries = new Map<string, { version: number; value: unknown }>();
  private readonly changing = new WeakSet<EntityManager>();

  /** A scalar subquery reading the version, for a statement that runs anyway (then `observe`). */
  static readonly VERSION_SQL = `(SELECT version FROM config_version WHERE id = ${ROW})`;

  constructor(private readonly transactions: Transactions) {}

  /**
   * The version a request's own statement read along (VERSION_SQL) serves as the request's
   * version read. Outside a request, or when the request has read it already, nothing changes.
   */
  observe(version: unknown): void {
    const store = requestContext.getStore();
    if (!store || store.configVersion !== undefined) return;
    if (version === null || version === undefined) {
      throw new Error('config_version row missing (migrations not applied?)');
    }
    store.configVersion = Promise.resolve(Number(version));
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.changing.has(this.transactions.manager())) return load();
    const version = await this.version();
    const entry = this.entries.get(key);
    if (entry?.version === version) return entry.value as T;
    const value = await load();
    const newest = this.entries.get(key);
    if (!newest || newest.version <= version) this.entries.set(key, { version, value });
    return value;
  }

  /** Call inside the transaction of an admin change of cached configuration. */
  async changed(): Promise<void> {
    const manager = this.transactions.manager();
    if (!this.transactions.inTransaction) throw new Error('ConfigCache.changed() must run inside the change');
    this.changing.add(manager);
    await manager.query('UPDATE config_version SET version = version + 1 WHERE id = ?', [ROW]);
    const store = requestContext.getStore();
    if (store) store.configVersion = undefined; // later reads in this request see the change
  }

  private version(): Promise<number> {
    const store = requestContext.getStore();
    if (!store) return this.read();
    store.configVersion ??= this.read();
    return store.configVersion;
  }

  private async read(): Promise<number> {
    const rows: Array<{ version: number | string }> = await this.transactions
      .manager()
      .query('SELECT version FROM config_version WHERE id = ?', [ROW]);
    if (rows.length === 0) throw new Error('config_version row missing (migrations not applied?)');
    return Number(rows[0].version);
  }
}
