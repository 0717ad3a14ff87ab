import type { MigrationInterface } from 'typeorm';
import { MigrationSet, combineMigrations } from './migration-set';

const migration = (name: string) =>
  ({
    [name]: class implements MigrationInterface {
      name = name;
      async up(): Promise<void> {}
      async down(): Promise<void> {}
    },
  })[name];

describe('combineMigrations', () => {
  const a1 = migration('First1700000000001');
  const b2 = migration('Second1700000000002');
  const a3 = migration('Third1700000000003');
  const s2 = migration('SqliteSecond1700000000002');

  it('merges the sets of several libs into timestamp order, per driver', () => {
    const one: MigrationSet = { mysql: [a1, a3], sqlite: [a1] };
    const two: MigrationSet = { mysql: [b2], sqlite: [s2, a3] };
    expect(combineMigrations([one, two])).toEqual({ mysql: [a1, b2, a3], sqlite: [a1, s2, a3] });
  });

  it('refuses two migrations with one timestamp and a name without a 13-digit timestamp', () => {
    expect(() => combineMigrations([{ mysql: [b2, s2], sqlite: [] }])).toThrow(
      'Migrations Second1700000000002 and SqliteSecond1700000000002 share the timestamp 1700000000002',
    );
    expect(() =>
      combineMigrations([
        { mysql: [a1], sqlite: [a1] },
        { mysql: [a1], sqlite: [] },
      ]),
    ).toThrow('share the timestamp');
    expect(() => combineMigrations([{ mysql: [migration('NoStamp')], sqlite: [] }])).toThrow(
      'Migration class NoStamp does not end in a 13-digit timestamp',
    );
  });
});
