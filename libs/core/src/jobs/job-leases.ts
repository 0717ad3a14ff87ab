import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { Metrics } from '../metrics/metrics';
import { JobLease } from './job-lease.entity';

/**
 * Database leases for scheduled jobs: whichever process (API with RUN_JOBS, or the worker)
 * takes the lease runs the job; the others skip that tick. Jobs are written so that a run
 * cut short is simply finished by the next one.
 */
@Injectable()
export class JobLeases {
  private readonly logger = new Logger(JobLeases.name);
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectRepository(JobLease) private readonly leases: Repository<JobLease>,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** Runs `work` if this process gets the lease; returns whether it ran. */
  async runExclusively(name: string, leaseMs: number, work: () => Promise<void>): Promise<boolean> {
    if (!(await this.acquire(name, leaseMs))) return false;
    const started = performance.now();
    let outcome: 'ok' | 'failed' = 'ok';
    try {
      await work();
    } catch (error) {
      outcome = 'failed';
      this.logger.error({ err: error, job: name }, 'Scheduled job failed');
    } finally {
      this.metrics.jobRun(name, outcome, (performance.now() - started) / 1000);
      // No owner: released, so the next holder is not counted as a takeover.
      await this.leases.update({ name, owner: this.owner }, { owner: '', leasedUntil: this.clock.now() });
    }
    return true;
  }

  private async acquire(name: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const leasedUntil = new Date(now.getTime() + leaseMs);
    const released = await this.leases.update(
      { name, owner: '', leasedUntil: LessThanOrEqual(now) },
      { owner: this.owner, leasedUntil },
    );
    if (released.affected === 1) return true;
    // A lease that ran out while still owned: its holder crashed or hung.
    const taken = await this.leases.update(
      { name, leasedUntil: LessThanOrEqual(now) },
      { owner: this.owner, leasedUntil },
    );
    if (taken.affected === 1) {
      this.metrics.leaseTakeover(name);
      this.logger.warn({ job: name }, 'Took over a job lease its holder had not released');
      return true;
    }
    if (await this.leases.existsBy({ name })) return false;
    try {
      await this.leases.insert({ name, owner: this.owner, leasedUntil });
      return true;
    } catch {
      return false; // another process inserted it first
    }
  }
}
