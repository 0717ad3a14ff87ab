import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/**
 * PENDING: waiting for the device; APPROVED / DENIED: decided on this device; SUPERSEDED: another
 * device of the same request decided first; EXPIRED: nobody decided in time; CANCELED: the
 * request was withdrawn (session canceled).
 */
export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'DENIED' | 'SUPERSEDED' | 'EXPIRED' | 'CANCELED';

/**
 * One push approval on one device. A request (one `parameters` call) fans out to every active
 * device of the user; its approvals share `requestId` and the first decision wins. The full
 * context the user decides on is kept here, so the device shows exactly what is approved.
 */
@Entity('push_approval')
@Index('IDX_push_approval_request', ['requestId'])
@Index('IDX_push_approval_device', ['deviceId', 'status'])
@Index('IDX_push_approval_user_created', ['userId', 'createdAt'])
export class PushApproval {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  approvalId: string;

  @Column({ type: 'varchar', length: 36 })
  requestId: string;

  @Column({ type: 'varchar', length: 36 })
  deviceId: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  /** What the request belongs to (e.g. the transaction-approval session id). */
  @Column({ type: 'varchar', length: 64 })
  subject: string;

  @Column({ type: 'varchar', length: 64 })
  flowId: string;

  /** The rendered text shown on the device. */
  @Column({ type: 'text' })
  message: string;

  /** The linked values (amount, currency, account …) as shown. */
  @JsonTextColumn()
  messageParameters: Record<string, string>;

  /** SHA-256 (hex) of the canonical {flowId, message, messageParameters}: what the device signs. */
  @Column({ type: 'varchar', length: 64 })
  dataHash: string;

  @Column({ type: 'boolean', default: false })
  numberMatching: boolean;

  /** The two digits shown in e-banking with number matching; never sent to the device. */
  @Column({ type: 'varchar', length: 2, nullable: true, default: null })
  expectedNumber: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: ApprovalStatus;

  /** Why a decision came out as it did, e.g. WRONG_NUMBER (an approve with the wrong number). */
  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  reason: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  decidedAt: Date | null;

  @DateTimeColumn()
  updatedAt: Date;
}
