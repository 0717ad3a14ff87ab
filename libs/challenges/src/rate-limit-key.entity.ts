import { Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/**
 * One row per rate-limited key (a user, a recipient), locked while a challenge is issued so
 * concurrent issues for the same key count one after the other and never overshoot the limit.
 * The counting itself reads the challenge rows of the window (a true sliding window).
 */
@Entity('challenge_rate_key')
export class RateLimitKey {
  /** Keyed hash of "user:<id>" or "recipient:<address>". */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  rateKey: string;

  @DateTimeColumn()
  createdAt: Date;
}
