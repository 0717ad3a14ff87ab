import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JobLease, JobLeases, Metrics } from '@app/core';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

describe('job leases', () => {
  let t: TestApp;

  let repository: Repository<JobLease>;
  /** Another process on the same database: its own JobLeases with its own owner id. */
  const otherProcess = () => new JobLeases(repository, t.clock, new Metrics());

  beforeAll(async () => {
    t = await startApiServer();
    repository = t.app.get(getRepositoryToken(JobLease));
  });
  afterAll(() => t.close());

  it('lets exactly one of two processes run a job at a time', async () => {
    const first = t.app.get(JobLeases);
    const second = otherProcess();
    let running = 0;
    let maxRunning = 0;
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const work = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await blocker;
      running--;
    };
    const a = first.runExclusively('report', 60_000, work);
    await new Promise((resolve) => setImmediate(resolve));
    const b = await second.runExclusively('report', 60_000, work);
    release();
    expect(await a).toBe(true);
    expect(b).toBe(false);
    expect(maxRunning).toBe(1);
    // Released after the run: the other process may take it now.
    expect(await second.runExclusively('report', 60_000, async () => undefined)).toBe(true);
  });

  it('takes over a lease its holder left behind once it has expired', async () => {
    const leases = t.app.get(JobLeases);
    await otherProcess().runExclusively('cleanup', 60_000, async () => undefined);
    // Its holder crashed mid-run: the lease stays until it expires.
    await repository.update(
      { name: 'cleanup' },
      { owner: 'crashed', leasedUntil: new Date(t.clock.now().getTime() + 60_000) },
    );
    expect(await leases.runExclusively('cleanup', 60_000, async () => undefined)).toBe(false);
    t.clock.advanceSeconds(61);
    expect(await leases.runExclusively('cleanup', 60_000, async () => undefined)).toBe(true);
  });
});
