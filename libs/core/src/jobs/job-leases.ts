import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { Metrics } from '../metrics/metrics';
import { JobLease } from './job-lease.entity';
import { JobsConfig } from './jobs.config';

/** What a job's work gets: aborted when the lease was lost or the process shuts down. */
export type JobWork = (signal: AbortSignal) => Promise<void>;

/**
 * Database leases for scheduled jobs: whichever process (API with RUN_JOBS, or the worker)
 * takes the lease runs the job; the others skip that tick. A lease is short (JOB_LEASE_SECONDS)
 * and renewed by a heartbeat while the job runs, so a lease is only honoured while its holder
 * proves it is alive: a killed holder's lease lapses within seconds, and every process has an
 * owner id of its own (random per start), so a restarted process never mistakes its
 * predecessor's lease for its own. Jobs are written so that a run cut short is simply finished
 * by the next one.
 */
@Injectable()
export class JobLeases implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobLeases.name);
  private readonly owner = `${hostname().slice(0, 60)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Runs in progress, so a shutdown can stop them before the database closes. */
  private readonly running = new Map<AbortController, Promise<unknown>>();
  private stopping = false;

  constructor(
    @InjectRepository(JobLease) private readonly leases: Repository<JobLease>,
    private readonly clock: Clock,
    private readonly config: JobsConfig,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Runs `work` if this process gets the lease, renewing it until `work` ends; returns whether
   * it ran. `work` should stop soon after its signal aborts: the lease is no longer ours.
   */
  async runExclusively(name: string, work: JobWork): Promise<boolean> {
    if (this.stopping || !(await this.acquire(name))) return false;
    const controller = new AbortController();
    const heartbeat = this.startHeartbeat(name, controller);
    const started = performance.now();
    const run = (async () => {
      let outcome: 'ok' | 'failed' = 'ok';
      try {
        await work(controller.signal);
      } catch (error) {
        outcome = 'failed';
        this.logger.error({ err: error, job: name }, 'Scheduled job failed');
      } finally {
        this.metrics.jobRun(name, outcome, (performance.now() - started) / 1000);
        await heartbeat.stop();
        await this.release(name);
      }
    })();
    this.running.set(controller, run);
    await run;
    this.running.delete(controller);
    return true;
  }

  /** Tells running jobs to stop and waits for them (bounded by SHUTDOWN_TIMEOUT_MS), before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const controller of this.running.keys()) controller.abort(new Error('shutting down'));
    await Promise.all(this.running.values());
  }

  private async acquire(name: string): Promise<boolean> {
    const now = this.clock.now();
    const leasedUntil = new Date(now.getTime() + this.config.leaseMs);
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

  /**
   * Renews the lease every JobsConfig.heartbeatMs. When a renewal finds the lease taken by
   * another process, or renewals keep failing until the lease has run out, the work is told to
   * stop: nothing proves any more that this process alone runs the job.
   */
  private startHeartbeat(name: string, controller: AbortController): { stop(): Promise<void> } {
    let validUntil = this.clock.now().getTime() + this.config.leaseMs;
    let inFlight: Promise<void> = Promise.resolve();
    const renew = async () => {
      const now = this.clock.now().getTime();
      try {
        const renewed = await this.leases.update(
          { name, owner: this.owner },
          { leasedUntil: new Date(now + this.config.leaseMs) },
        );
        if (renewed.affected === 1) {
          validUntil = now + this.config.leaseMs;
          return;
        }
        this.logger.warn({ job: name }, 'Job lease lost to another process; stopping the run');
        controller.abort(new Error('lease lost'));
      } catch (error) {
        if (this.clock.now().getTime() < validUntil) return; // the next heartbeat tries again
        this.logger.warn({ job: name, err: error }, 'Job lease could not be renewed; stopping the run');
        controller.abort(new Error('lease not renewed'));
      }
    };
    const timer = setInterval(() => {
      if (controller.signal.aborted) return;
      inFlight = inFlight.then(renew);
    }, this.config.heartbeatMs);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await inFlight;
      },
    };
  }

  private async release(name: string): Promise<void> {
    try {
      // No owner: released, not left behind by a holder that died.
      await this.leases.update({ name, owner: this.owner }, { owner: '', leasedUntil: this.clock.now() });
    } catch (error) {
      // it lapses by itself within JOB_LEASE_SECONDS
      this.logger.warn({ job: name, err: error }, 'Job lease could not be released');
    }
  }
}
