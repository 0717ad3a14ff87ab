import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobLeases } from '@app/core';
import { SessionsService } from './sessions.service';

const JOB = 'transaction-approval-session-expiry';
const BATCH = 200;

/**
 * Ends idle and over-age sessions every 30 s (whichever process holds the lease), so their codes
 * stop working and their `expired` events are written even when no request comes back.
 */
@Injectable()
export class SessionExpiryJob {
  constructor(
    private readonly sessions: SessionsService,
    private readonly leases: JobLeases,
  ) {}

  @Interval(JOB, 30_000)
  async tick(): Promise<void> {
    await this.leases.runExclusively(JOB, () => this.runOnce().then(() => undefined));
  }

  /** One pass; returns how many sessions it ended (tests call this directly). */
  async runOnce(): Promise<number> {
    let ended = 0;
    for (;;) {
      const due = await this.sessions.pastDeadline(BATCH);
      for (const sessionId of due) if (await this.sessions.expire(sessionId)) ended++;
      if (due.length < BATCH) return ended;
    }
  }
}
