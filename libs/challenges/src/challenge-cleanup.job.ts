import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobLeases } from '@app/core';
import { ChallengesService } from './challenges.service';

const JOB = 'challenge-cleanup';

/** Hourly deletion of long-expired challenge rows, in whichever process holds the job lease. */
@Injectable()
export class ChallengeCleanupJob {
  constructor(
    private readonly challenges: ChallengesService,
    private readonly leases: JobLeases,
  ) {}

  @Interval(JOB, 60 * 60_000)
  async tick(): Promise<void> {
    await this.leases.runExclusively(JOB, () => this.runOnce());
  }

  /** One pass; tests call this directly. */
  async runOnce(): Promise<void> {
    await this.challenges.purgeExpired();
  }
}
