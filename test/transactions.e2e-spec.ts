import { DataSource } from 'typeorm';
import { JobLease, Transactions } from '@app/core';
import { openJobLeaseDatabase } from './support/job-lease-database';

/** Transactions that combine: nested runs join the open one, on SQLite and MariaDB alike. */
describe('Transactions', () => {
  let close: () => Promise<void>;
  let dataSource: DataSource;
  let transactions: Transactions;
  const lease = (name: string) => ({ name, owner: 'test', leasedUntil: new Date('2030-01-01T00:00:00Z') });
  const stored = async (name: string) => (await dataSource.getRepository(JobLease).findOneBy({ name })) !== null;

  beforeAll(async () => {
    ({ dataSource, close } = await openJobLeaseDatabase());
    transactions = new Transactions(dataSource);
  });

  afterAll(() => close());

  it('a nested run joins the open transaction and sees its writes', async () => {
    const result = await transactions.run(async (outer) => {
      await outer.insert(JobLease, lease('nested-1'));
      return transactions.run(async (inner) => {
        expect(inner).toBe(outer);
        expect(transactions.inTransaction).toBe(true);
        expect(await transactions.repository(JobLease).findOneBy({ name: 'nested-1' })).not.toBeNull();
        await transactions.repository(JobLease).insert(lease('nested-2'));
        return 'done';
      });
    });
    expect(result).toBe('done');
    expect(await stored('nested-1')).toBe(true);
    expect(await stored('nested-2')).toBe(true);
    expect(transactions.inTransaction).toBe(false);
  });

  it('a failure inside the inner run rolls back the outer one', async () => {
    await expect(
      transactions.run(async (em) => {
        await em.insert(JobLease, lease('rolled-back-outer'));
        await transactions.run(async () => {
          await transactions.repository(JobLease).insert(lease('rolled-back-inner'));
          throw new Error('inner failed');
        });
      }),
    ).rejects.toThrow('inner failed');
    expect(await stored('rolled-back-outer')).toBe(false);
    expect(await stored('rolled-back-inner')).toBe(false);
  });

  it('a write outside any run never joins another open transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = transactions.run(async (em) => {
      await em.insert(JobLease, lease('inside-failing'));
      await gate;
      throw new Error('rolled back');
    });
    // Issued while the other transaction is open; it must neither be lost in that rollback nor
    // block for ever (on SQLite it waits for its turn, on MariaDB it has its own connection).
    const outside = dataSource.getRepository(JobLease).insert(lease('outside-write'));
    setTimeout(release, 50);
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await stored('inside-failing')).toBe(false);
    expect(await stored('outside-write')).toBe(true);
  });

  it('after-commit hooks run once the outermost run committed, never after a rollback', async () => {
    const seen: string[] = [];
    await transactions.run(async (em) => {
      await em.insert(JobLease, lease('hooked'));
      await transactions.run(async () => {
        await transactions.afterCommit(async () => {
          seen.push(`committed:${await stored('hooked')}:${transactions.inTransaction}`);
        });
      });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['committed:true:false']);

    await expect(
      transactions.run(async () => {
        await transactions.afterCommit(() => void seen.push('must not run'));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(seen).toEqual(['committed:true:false']);
  });

  it('concurrent outermost runs each commit their own work', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transactions.run(async () => {
          await transactions.repository(JobLease).insert(lease(`parallel-${i}`));
          await transactions.run(async (em) => em.update(JobLease, { name: `parallel-${i}` }, { owner: `o${i}` }));
        }),
      ),
    );
    const rows = await dataSource.getRepository(JobLease).find();
    for (let i = 0; i < 10; i++) expect(rows.find((r) => r.name === `parallel-${i}`)?.owner).toBe(`o${i}`);
  });
});
