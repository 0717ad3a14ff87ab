import { Injectable } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobLeases } from '@app/core';
import { SmsAuthorizationsService } from './sms-authorizations.service';

const JOB = 'otp-sms-cleanup';

/** Hourly deletion of long-expired SMS code rows, in whichever process holds the job lease. */
@Injectable()
export class SmsCleanupJob {
  constructor(
    private readonly codes: SmsAuthorizationsService,
    private readonly leases: JobLeases,
  ) {}

  @Interval(60 * 60_000)
  async tick(): Promise<void> {
    await this.leases.runExclusively(JOB, () => this.runOnce());
  }

  /** One pass; tests call this directly. */
  async runOnce(): Promise<void> {
    await this.codes.purgeExpired();
  }
}
