import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/**
 * The chain of challenges of one (purpose, subject, step), e.g. the SMS codes of one operation's
 * approval step. Its primary key is the chain key, so the first issue of concurrent requests
 * creates exactly one row, and every issue of the chain locks it: resends are counted and spaced
 * here, and the database never holds two live challenges of a chain.
 */
@Entity('challenge_chain')
@Index('IDX_challenge_chain_last', ['lastIssuedAt'])
export class ChallengeChain {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  chainKey: string;

  @Column({ type: 'varchar', length: 64 })
  purpose: string;

  @Column({ type: 'varchar', length: 256 })
  subject: string;

  @Column({ type: 'varchar', length: 64 })
  step: string;

  /** Challenges issued in this chain (the first plus resends). */
  @Column({ type: 'int', default: 0 })
  issuedCount: number;

  @DateTimeColumn({ nullable: true, default: null })
  lastIssuedAt: Date | null;

  /** The newest challenge of the chain (live or not). */
  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  lastChallengeId: string | null;

  @DateTimeColumn()
  createdAt: Date;
}
