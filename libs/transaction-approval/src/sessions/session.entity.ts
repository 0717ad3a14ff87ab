import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';
import type { ApprovalMethodName } from '../flows/flow.types';
import type { SessionState } from './session-states';

/**
 * One transaction-approval session (spec §2). Everything a step needs is here, so any replica
 * continues it; the token is kept only as a keyed hash.
 */
@Entity('ta_session')
@Index('IDX_ta_session_state_expires', ['state', 'expiresAt'])
export class TaSession {
  /** 18 digits, fixed for the session's life (`data.id`). */
  @PrimaryColumn({ type: 'varchar', length: 18 })
  sessionId: string;

  /** Keyed hash of the current token; replaced after every successful step. */
  @Index('UQ_ta_session_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** The API client that opened it; another client's token is unknown to it. */
  @Column({ type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'varchar', length: 64 })
  flowId: string;

  @Column({ type: 'varchar', length: 40 })
  state: SessionState;

  @Column({ type: 'varchar', length: 30, nullable: true, default: null })
  userId: string | null;

  /** The approval method chosen at `parameters` (the flow's method then). */
  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  method: ApprovalMethodName | null;

  /** The validated `messageParameters` (no secrets: what the user is shown). */
  @JsonTextColumn({ nullable: true, default: null })
  parameters: Record<string, string> | null;

  /** What the approval prompt answered (e.g. emailAddress, resendPossible), repeated by resend. */
  @JsonTextColumn({ nullable: true, default: null })
  prompt: Record<string, unknown> | null;

  /** Data of the approval method (e.g. the push approval it created); never a secret. */
  @JsonTextColumn({ nullable: true, default: null })
  methodData: Record<string, unknown> | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  lastActivityAt: Date;

  /** The earlier of idle deadline and absolute lifetime; moved on by every successful step. */
  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  endedAt: Date | null;

  /** Audit events written so far; numbers the next one (`seq`). */
  @Column({ type: 'int' })
  eventCount: number;
}
