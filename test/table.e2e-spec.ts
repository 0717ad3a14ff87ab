import { DataSource } from 'typeorm';
import { JobLease, StateMachine, Table, Transactions } from '@app/core';
import { openJobLeaseDatabase } from './support/job-lease-database';

/** Plain statements of a Table store and read exactly what TypeORM's own methods do, on SQLite and MariaDB. */
describe('Table', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let transactions: Transactions;
  let table: Table<JobLease>;
  const lease = (name: string, owner = 'a'): JobLease => ({
    name,
    owner,
    leasedUntil: new Date('2030-01-02T03:04:05.678Z'),
  });

  beforeAll(async () => {
    ({ dataSource, close } = await openJobLeaseDatabase());
    transactions = new Transactions(dataSource);
    table = Table.of(dataSource.manager, JobLease);
  });

  afterAll(() => close());

  it('is written once per data source and entity', () => {
    expect(Table.of(dataSource.manager, JobLease)).toBe(table);
    expect(Table.of(dataSource.manager, JobLease, 'j')).not.toBe(table);
  });

  it('inserts and finds rows as em.insert and em.findOne do', async () => {
    await table.insert(dataSource.manager, lease('table-1'));
    await dataSource.manager.insert(JobLease, lease('table-2'));
    const viaOrm = await dataSource.manager.findOneBy(JobLease, { name: 'table-1' });
    expect(viaOrm).toEqual(lease('table-1'));
    expect(await table.findOne(dataSource.manager, { name: 'table-2' })).toEqual(lease('table-2'));
    expect(await table.findOne(dataSource.manager, { name: 'table-1', owner: 'a' })).toEqual(viaOrm);
    expect(await table.findOne(dataSource.manager, { name: 'table-1', owner: 'b' })).toBeNull();
    const locked = await transactions.run((em) => table.findOne(em, { name: 'table-1' }, { lock: true }));
    expect(locked).toEqual(viaOrm);
  });

  it('updates as em.update does: the rows matched, undefined changes left out', async () => {
    await table.insert(dataSource.manager, lease('table-3'));
    const later = new Date('2031-01-01T00:00:00.001Z');
    expect(await table.update(dataSource.manager, { name: 'table-3' }, { leasedUntil: later, owner: undefined })).toBe(
      1,
    );
    // unchanged values still count as matched, as em.update's `affected` does on both drivers
    expect(await transactions.run((em) => table.update(em, { name: 'table-3' }, { owner: 'a' }))).toBe(1);
    expect((await dataSource.manager.update(JobLease, { name: 'table-3' }, { owner: 'a' })).affected).toBe(1);
    expect(await table.update(dataSource.manager, { name: 'table-3', owner: 'b' }, { owner: 'c' })).toBe(0);
    expect(await dataSource.manager.findOneBy(JobLease, { name: 'table-3' })).toEqual({
      ...lease('table-3'),
      leasedUntil: later,
    });
  });

  it('finds every matching row as em.findBy does', async () => {
    await table.insert(dataSource.manager, lease('table-5', 'shared'));
    await table.insert(dataSource.manager, lease('table-6', 'shared'));
    const byName = (rows: JobLease[]) => [...rows].sort((a, b) => a.name.localeCompare(b.name));
    const found = await table.find(dataSource.manager, { owner: 'shared' });
    expect(byName(found)).toEqual(byName(await dataSource.manager.findBy(JobLease, { owner: 'shared' })));
    expect(byName(found)).toEqual([lease('table-5', 'shared'), lease('table-6', 'shared')]);
    expect(await table.find(dataSource.manager, { owner: 'nobody' })).toEqual([]);
  });

  it('refuses a condition without a value (it would match nothing)', async () => {
    await expect(table.update(dataSource.manager, { name: undefined }, { owner: 'x' })).rejects.toThrow(/condition/);
    await expect(table.findOne(dataSource.manager, {})).rejects.toThrow(/condition/);
  });

  it('writes a state machine transition as compare-and-set', async () => {
    const machine = new StateMachine<'a' | 'b' | 'c'>('owner', { a: ['b'], b: ['c'], c: [] });
    await table.insert(dataSource.manager, lease('table-4'));
    const move = (from: 'a' | 'b' | 'c', to: 'a' | 'b' | 'c') =>
      transactions.run((em) => machine.writeRow(em, table, { name: 'table-4' }, 'owner', from, to));
    expect(await move('a', 'b')).toBe(true);
    expect(await move('a', 'b')).toBe(false);
    await expect(move('a', 'c')).rejects.toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect((await dataSource.manager.findOneBy(JobLease, { name: 'table-4' }))?.owner).toBe('b');
  });
});
