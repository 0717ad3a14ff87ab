import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/**
 * Failed password checks of a user id the directory does not have (or has in another
 * organization), keyed by a keyed hash of organization and id: the answers count down and lock
 * exactly as for a real user, so they cannot tell the two apart. The id itself is never stored.
 */
@Entity('da_simulated_failure')
export class SimulatedFailure {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ type: 'int' })
  failedAttempts: number;

  @DateTimeColumn({ nullable: true })
  lockedUntil: Date | null;

  @DateTimeColumn()
  updatedAt: Date;
}
