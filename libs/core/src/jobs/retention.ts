import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { EntityTarget, FindOptionsWhere, In, ObjectLiteral } from 'typeorm';
import { Clock } from '../clock/clock';
import { ENV, Env, EnvReader } from '../config/env-reader';
import { Transactions } from '../database/transactions';
import { JobLeases } from './job-leases';

/**
 * Rows that only grow (sent messages, anti-fraud actions, consents, notifications, finished
 * operations) are deleted once older than their kind's retention. Each lib registers its kinds
 * and how to purge them; one leased job runs them all in batches, on one replica at a time.
 */
export interface RetentionKind {
  /** Setting RETENTION_<KIND>_DAYS, e.g. OPERATIONS → RETENTION_OPERATIONS_DAYS. */
  kind: string;
  defaultDays: number;
  /** Deletes at most `batch` rows older than `cutoff`; returns how many it deleted. */
  purge(cutoff: Date, batch: number): Promise<number>;
}

export const RETENTION_BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);
  private readonly kinds: Array<RetentionKind & { days: number }> = [];

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly jobLeases: JobLeases,
    private readonly clock: Clock,
  ) {}

  /** Called by each lib at start; the setting is validated here (a bad value stops the start). */
  register(kind: RetentionKind): void {
    const days = new EnvReader(this.env).int(`RETENTION_${kind.kind}_DAYS`, kind.defaultDays, { min: 1, max: 36500 });
    this.kinds.push({ ...kind, days });
  }

  /** The registered kinds and their retention in days (for operators and tests). */
  settings(): Record<string, number> {
    return Object.fromEntries(this.kinds.map((k) => [k.kind, k.days]));
  }

  @Interval('retention', 60 * 60_000)
  async tick(): Promise<void> {
    await this.jobLeases.runExclusively('retention', () => this.runOnce().then(() => undefined));
  }

  /** One pass over every kind, batch after batch; returns the deleted rows per kind. */
  async runOnce(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const kind of this.kinds) {
      const cutoff = new Date(this.clock.now().getTime() - kind.days * DAY_MS);
      let total = 0;
      for (;;) {
        const n = await kind.purge(cutoff, RETENTION_BATCH);
        total += n;
        if (n < RETENTION_BATCH) break;
      }
      deleted[kind.kind] = total;
    }
    if (Object.values(deleted).some((n) => n > 0)) this.logger.log({ deleted }, 'Retention: old rows deleted');
    return deleted;
  }
}

/**
 * Deletes one batch of `entity` rows matching `where` (which names the age condition), by
 * primary key, in one transaction; `before` runs first with the keys (e.g. to delete child rows).
 */
export async function purgeBatch<T extends ObjectLiteral>(
  transactions: Transactions,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  batch: number,
  before?: (keys: T[]) => Promise<void>,
): Promise<number> {
  return transactions.run(async (em) => {
    const metadata = em.connection.getMetadata(entity);
    const primary = metadata.primaryColumns.map((c) => c.propertyName);
    if (primary.length !== 1) throw new Error(`purgeBatch needs a single-column key (${metadata.name})`);
    const select = Object.fromEntries(primary.map((p) => [p, true])) as never;
    const rows = await em.find(entity, { select, where, take: batch });
    if (rows.length === 0) return 0;
    await before?.(rows);
    const key = primary[0];
    await em.delete(entity, { [key]: In(rows.map((r) => (r as Record<string, unknown>)[key])) } as never);
    return rows.length;
  });
}
