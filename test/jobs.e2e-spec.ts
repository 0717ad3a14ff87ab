import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JobLease, JobLeases, JobsConfig, Metrics } from '@app/core';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

const LEASE_SECONDS = 2;

describe('job leases', () => {
  let t: TestApp;

  let repository: Repository<JobLease>;
  /** Another process on the same database: its own JobLeases with its own owner id. */
  const otherProcess = () => new JobLeases(repository, t.clock, t.app.get(JobsConfig), new Metrics());
  const lease = (name: string) => repository.findOneByOrFail({ name });
  const waitFor = async (condition: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > until) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    t = await startApiServer({ env: { JOB_LEASE_SECONDS: String(LEASE_SECONDS) } });
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
    const a = first.runExclusively('report', work);
    // The first holds the lease once its work runs (a tick is not enough on a busy database).
    await waitFor(async () => running === 1);
    const b = await second.runExclusively('report', work);
    release();
    expect(await a).toBe(true);
    expect(b).toBe(false);
    expect(maxRunning).toBe(1);
    // Released after the run: the other process may take it now.
    expect(await second.runExclusively('report', async () => undefined)).toBe(true);
  });

  it('renews the lease while a long run goes on, so nobody takes it over', async () => {
    const leases = t.app.get(JobLeases);
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const run = leases.runExclusively('long', () => blocker);
    await waitFor(() => repository.existsBy({ name: 'long' }));
    const started = t.clock.now();
    // The run outlives several lease periods; each heartbeat pushes the lease ahead of the clock.
    for (let period = 1; period <= 3; period++) {
      t.clock.advanceSeconds(LEASE_SECONDS);
      const now = t.clock.now().getTime();
      await waitFor(async () => (await lease('long')).leasedUntil.getTime() > now);
      expect(await otherProcess().runExclusively('long', async () => undefined)).toBe(false);
    }
    release();
    expect(await run).toBe(true);
    expect(t.clock.now().getTime() - started.getTime()).toBe(3 * LEASE_SECONDS * 1000);
  });

  it('takes over the lease of a killed holder once its last heartbeat is one lease period old', async () => {
    const leases = t.app.get(JobLeases);
    await otherProcess().runExclusively('cleanup', async () => undefined);
    // Its holder was killed mid-run: no heartbeat renews the lease any more.
    await repository.update(
      { name: 'cleanup' },
      { owner: 'killed-host:4242:deadbeef', leasedUntil: new Date(t.clock.now().getTime() + LEASE_SECONDS * 1000) },
    );
    expect(await leases.runExclusively('cleanup', async () => undefined)).toBe(false);
    t.clock.advanceSeconds(LEASE_SECONDS);
    expect(await leases.runExclusively('cleanup', async () => undefined)).toBe(true);
  });

  it('tells the run to stop when another process took the lease over', async () => {
    const leases = t.app.get(JobLeases);
    let aborted: unknown = null;
    const run = leases.runExclusively(
      'stolen',
      (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            aborted = signal.reason;
            resolve();
          }),
        ),
    );
    await waitFor(() => repository.existsBy({ name: 'stolen' }));
    // e.g. this process stalled past its lease and another one took the job.
    await repository.update({ name: 'stolen' }, { owner: 'other-host:1:cafebabe' });
    expect(await run).toBe(true);
    expect(String(aborted)).toMatch(/lease lost/);
    expect((await lease('stolen')).owner).toBe('other-host:1:cafebabe');
  });

  it('rejects a lease length outside its bounds at start', () => {
    expect(() => new JobsConfig({ JOB_LEASE_SECONDS: '1' })).toThrow(
      'Invalid configuration: JOB_LEASE_SECONDS must be between 2 and 300, got 1',
    );
    expect(new JobsConfig({}).leaseMs).toBe(5000);
  });
});
