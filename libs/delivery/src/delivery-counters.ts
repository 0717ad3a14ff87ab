import { Injectable } from '@nestjs/common';

export interface DeliveryCounts {
  /** Messages accepted by a transport. */
  sent: number;
  /** Attempts a transport refused or did not answer in time. */
  failedAttempts: number;
  /** Messages dropped unsent because their code expired first. */
  expired: number;
  /**
   * Messages sent again after an attempt whose outcome was never recorded (the process died
   * between the gateway's answer and the database write): the recipient may get it twice;
   * the gateway can tell by the Idempotency-Key.
   */
  possibleDuplicates: number;
}

/**
 * Monotonic per-process counts of what delivery did, for the metrics endpoint (each maps to one
 * counter, e.g. `stepwise_delivery_possible_duplicates_total`). Until the core metrics registry
 * collects them, `counts()` is how they are read.
 */
@Injectable()
export class DeliveryCounters {
  private readonly values: DeliveryCounts = { sent: 0, failedAttempts: 0, expired: 0, possibleDuplicates: 0 };

  add(counter: keyof DeliveryCounts, by = 1): void {
    this.values[counter] += by;
  }

  counts(): Readonly<DeliveryCounts> {
    return { ...this.values };
  }
}
