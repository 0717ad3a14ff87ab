import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobLeases } from '@app/core';
import { DeliveryService } from './delivery.service';

const JOB = 'delivery-retry';
const LEASE_MS = 120_000;

/** Retries undelivered messages every few seconds in whichever process holds the job lease. */
@Injectable()
export class DeliveryRetryJob {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly leases: JobLeases,
  ) {}

  @Interval(JOB, 5000)
  async tick(): Promise<void> {
    await this.leases.runExclusively(JOB, LEASE_MS, () => this.runOnce());
  }

  /** One pass; tests call this directly instead of waiting for the interval. */
  runOnce(): Promise<void> {
    return this.delivery.retryDue();
  }
}
