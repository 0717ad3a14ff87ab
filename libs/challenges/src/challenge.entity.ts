import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';
import type { ChallengeChannel } from './challenge.types';
import type { ChallengeStatus } from './challenge-states';

/**
 * One issued challenge: a code sent by SMS or e-mail, or a step answered by TOTP, OCRA or push.
 * Neither the code nor its message is stored: a keyed hash of the code and one of the values it
 * is bound to (dynamic linking). `liveChainKey` equals `chainKey` while the challenge is ACTIVE
 * and is null otherwise; its unique index lets the database itself refuse a second live
 * challenge in one chain (NULLs never collide).
 */
@Entity('challenge')
@Index('IDX_challenge_chain', ['chainKey', 'sequence'])
@Index('IDX_challenge_subject', ['subjectKey', 'status'])
@Index('IDX_challenge_user_window', ['userId', 'createdAt'])
@Index('IDX_challenge_recipient_window', ['recipientHash', 'createdAt'])
@Index('IDX_challenge_expires', ['expiresAt'])
export class Challenge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  challengeId: string;

  /** sha256 of (purpose, subject, step): the chain this challenge belongs to. */
  @Column({ type: 'varchar', length: 64 })
  chainKey: string;

  @Index('UQ_challenge_live_chain', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  liveChainKey: string | null;

  /** sha256 of (purpose, subject), for invalidating every step of a subject. */
  @Column({ type: 'varchar', length: 64 })
  subjectKey: string;

  @Column({ type: 'varchar', length: 64 })
  purpose: string;

  @Column({ type: 'varchar', length: 8 })
  channel: ChallengeChannel;

  @Column({ type: 'varchar', length: 256 })
  userId: string;

  /** Keyed hash of the phone number / e-mail address the code went to (per-recipient rate limit). */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  recipientHash: string | null;

  /** Keyed hash of (challengeId, code); null for channels without an issued code (TOTP, OCRA, PUSH). */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  codeHash: string | null;

  @Column({ type: 'varchar', length: 64 })
  bindingHash: string;

  /** Code format: the characters a code is drawn from, its length, and whether case is ignored. */
  @Column({ type: 'varchar', length: 100 })
  alphabet: string;

  @Column({ type: 'int' })
  codeLength: number;

  @Column({ type: 'boolean', default: false })
  caseInsensitive: boolean;

  @Column({ type: 'int' })
  lifetimeSeconds: number;

  /** Verification attempts allowed; the attempt after the last one fails even with the right code. */
  @Column({ type: 'int' })
  maxTries: number;

  @Column({ type: 'int' })
  resendSpacingSeconds: number;

  /** null: unlimited resends. */
  @Column({ type: 'int', nullable: true, default: null })
  maxResends: number | null;

  @Column({ type: 'varchar', length: 16 })
  status: ChallengeStatus;

  /** Attempts so far, every one counted (also on an expired or spent challenge). */
  @Column({ type: 'int', default: 0 })
  tries: number;

  /** 0 for the first challenge of the chain, n for the n-th resend. */
  @Column({ type: 'int' })
  sequence: number;

  /** The outbox message carrying the code, if one was queued. */
  @Column({ type: 'varchar', length: 36, nullable: true, default: null })
  messageId: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  /** The right code was entered (a challenge verified with deferred use stays ACTIVE until consumed). */
  @DateTimeColumn({ nullable: true, default: null })
  matchedAt: Date | null;

  @DateTimeColumn()
  updatedAt: Date;
}
