import type { MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/** The migrations one lib owns, per driver (a lib's generated `migrations/index.ts`). */
export interface MigrationSet {
  readonly mysql: readonly MigrationClass[];
  readonly sqlite: readonly MigrationClass[];
}

/** TypeORM orders and records a migration by its class name: a name ending in a 13-digit timestamp. */
const STAMPED = /^[A-Za-z]\w*?(\d{13})$/;

function timestampOf(migration: MigrationClass): number {
  const stamp = STAMPED.exec(migration.name)?.[1];
  if (!stamp) throw new Error(`Migration class ${migration.name} does not end in a 13-digit timestamp`);
  return Number(stamp);
}

/**
 * The libs' sets as one schema, oldest first per driver. Core cannot import the libs that own
 * migrations (dependencies point at core), so the composition roots combine them (`@app/schema`).
 * A class listed twice, or two migrations with one timestamp, is a mistake in some lib's set:
 * deployed databases record migrations by name, so the order must never be a coin toss.
 */
export function combineMigrations(sets: readonly MigrationSet[]): MigrationSet {
  const driver = (pick: (set: MigrationSet) => readonly MigrationClass[]) => {
    const all = sets.flatMap(pick);
    const byTimestamp = new Map<number, MigrationClass>();
    for (const migration of all) {
      const timestamp = timestampOf(migration);
      const other = byTimestamp.get(timestamp);
      if (other) throw new Error(`Migrations ${other.name} and ${migration.name} share the timestamp ${timestamp}`);
      byTimestamp.set(timestamp, migration);
    }
    return [...all].sort((a, b) => timestampOf(a) - timestampOf(b));
  };
  return { mysql: driver((s) => s.mysql), sqlite: driver((s) => s.sqlite) };
}
