import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobLeases } from '@app/core';
import { DeliveryService } from './delivery.service';

const JOB = 'delivery-retry';

/**
 * Retries undelivered messages in whichever process holds the job lease. A tick every 2 s finds
 * new work soon (after a restart too); one run drains the whole due backlog before it ends.
 */
@Injectable()
export class DeliveryRetryJob {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly leases: JobLeases,
  ) {}

  @Interval(JOB, 2000)
  async tick(): Promise<void> {
    await this.leases.runExclusively(JOB, (signal) => this.delivery.retryDue(signal));
  }

  /** One pass; tests call this directly instead of waiting for the interval. */
  runOnce(): Promise<void> {
    return this.delivery.retryDue();
  }
}
