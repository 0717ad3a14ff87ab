import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationInterface } from 'typeorm';
import { SCHEMA_MIGRATIONS } from './schema-migrations';

type MigrationClass = new () => MigrationInterface;
const LIBS = join(__dirname, '..', '..');
const FILE = /^(\d{13})-([A-Z][A-Za-z0-9]*)\.ts$/;
const DRIVERS = ['mysql', 'sqlite'] as const;

/** The migrations deployed databases have recorded (by class name), in the order they ran. */
const DEPLOYED = {
  mysql: [
    'Foundation1795328467547',
    'NextStep1795329179303',
    'NextStepDefaultData1795329179400',
    'Users1795329347458',
    'SeedOrganizations1795329347500',
    'Delivery1795329757962',
    'DataAdapter1795330052702',
    'SeedConsentTemplatesAndAfsRules1795330052800',
    'OperationHistoryRecordsUser1796115039663',
    'OutboxAttemptInFlight1796115440454',
    'Audit1796115461034',
    'DataAdapterSimulatedFailures1796115640609',
    'Challenges1796115716428',
    'DropOtpSmsAuthorization1796115716500',
    'Devices1796115800000',
    'IdentifierColumnsBinary1796116000000',
    'TransactionApproval1796116336844',
    'SeedTransactionApprovalFlows1796116336900',
    'TwoFactorAndRoles1796120518058',
    'SeedBackOfficeRole1796120518100',
    'ConfigVersion1796200000000',
  ],
  // the same without the MySQL-only collation change
  sqlite: [] as string[],
};
DEPLOYED.sqlite = DEPLOYED.mysql.filter((name) => name !== 'IdentifierColumnsBinary1796116000000');

/** Every migration file under libs/<lib>/src/migrations/{mysql,sqlite,shared}, with the class it exports. */
async function migrationFiles() {
  const found: Array<{ file: string; folder: string; classes: MigrationClass[] }> = [];
  for (const lib of readdirSync(LIBS)) {
    for (const folder of [...DRIVERS, 'shared']) {
      const dir = join(LIBS, lib, 'src', 'migrations', folder);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        const file = join(dir, name);
        const exported = Object.values((await import(file)) as Record<string, unknown>);
        found.push({ file: `${lib}/${folder}/${name}`, folder, classes: exported as MigrationClass[] });
      }
    }
  }
  return found;
}

describe('SCHEMA_MIGRATIONS', () => {
  it('lists every migration file of every lib, each in its drivers (shared/ in both), and nothing else', async () => {
    const files = await migrationFiles();
    expect(files.length).toBeGreaterThan(30);
    const expected = { mysql: new Set<MigrationClass>(), sqlite: new Set<MigrationClass>() };
    for (const { file, folder, classes } of files) {
      // one migration class per file, named after it: `<timestamp>-<Name>.ts` exports `<Name><timestamp>`
      const match = FILE.exec(file.split('/').pop()!);
      expect({ file, classes: classes.map((c) => c.name) }).toEqual({
        file,
        classes: match ? [`${match[2]}${match[1]}`] : ['(file name is not <13-digit timestamp>-<Name>.ts)'],
      });
      for (const driver of DRIVERS) if (folder === driver || folder === 'shared') expected[driver].add(classes[0]);
    }
    for (const driver of DRIVERS) {
      const unlisted = [...expected[driver]].filter((m) => !SCHEMA_MIGRATIONS[driver].includes(m)).map((m) => m.name);
      const stray = SCHEMA_MIGRATIONS[driver].filter((m) => !expected[driver].has(m)).map((m) => m.name);
      expect({ driver, unlisted, stray }).toEqual({ driver, unlisted: [], stray: [] });
    }
  });

  it('keeps the names deployed databases recorded, in the order they ran, before anything newer', () => {
    for (const driver of DRIVERS) {
      const names = SCHEMA_MIGRATIONS[driver].map((m) => new m().name ?? m.name);
      expect({ driver, names: names.slice(0, DEPLOYED[driver].length) }).toEqual({ driver, names: DEPLOYED[driver] });
    }
  });

  it('orders each driver by the timestamp ending the class name, which is also the recorded name', () => {
    for (const driver of DRIVERS) {
      const timestamps = SCHEMA_MIGRATIONS[driver].map((m) => Number(m.name.slice(-13)));
      expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
      expect(new Set(timestamps).size).toBe(timestamps.length);
      for (const migration of SCHEMA_MIGRATIONS[driver]) expect(new migration().name).toBe(migration.name);
    }
  });
});
