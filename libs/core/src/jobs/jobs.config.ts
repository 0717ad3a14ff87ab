import { Env, EnvReader } from '../config/env-reader';

/** How long a job lease lasts without a heartbeat (JOB_LEASE_SECONDS). */
export class JobsConfig {
  /**
   * A holder renews its lease every third of this while its job runs, so a killed holder's
   * lease lapses at most this long after its last heartbeat. Keep process clocks in sync
   * (NTP) to well under this: leases compare times written by different processes.
   */
  readonly leaseMs: number;

  constructor(env: Env) {
    this.leaseMs = new EnvReader(env).int('JOB_LEASE_SECONDS', 5, { min: 2, max: 300 }) * 1000;
  }

  /** Heartbeat period: three renewals fit in one lease, so one late or failed renewal is survived. */
  get heartbeatMs(): number {
    return Math.floor(this.leaseMs / 3);
  }
}
