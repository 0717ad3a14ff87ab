import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../clock/clock';
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
  ) {}

  /** Runs `work` if this process gets the lease; returns whether it ran. */
  async runExclusively(name: string, leaseMs: number, work: () => Promise<void>): Promise<boolean> {
    if (!(await this.acquire(name, leaseMs))) return false;
    try {
      await work();
    } catch (error) {
      this.logger.error({ err: error, job: name }, 'Scheduled job failed');
    } finally {
      await this.leases.update({ name, owner: this.owner }, { leasedUntil: this.clock.now() });
    }
    return true;
  }

  private async acquire(name: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const leasedUntil = new Date(now.getTime() + leaseMs);
    const taken = await this.leases.update(
      { name, leasedUntil: LessThanOrEqual(now) },
      { owner: this.owner, leasedUntil },
    );
    if (taken.affected === 1) return true;
    if (await this.leases.existsBy({ name })) return false;
    try {
      await this.leases.insert({ name, owner: this.owner, leasedUntil });
      return true;
    } catch {
      return false; // another process inserted it first
    }
  }
}
