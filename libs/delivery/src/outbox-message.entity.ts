import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

export type Channel = 'SMS' | 'EMAIL';
/**
 * PENDING: not yet accepted (retried); SENT: accepted by the transport; EXPIRED / FAILED: given
 * up; CANCELLED: must not go out any more (e.g. its code was replaced).
 */
export type OutboxStatus = 'PENDING' | 'SENT' | 'EXPIRED' | 'FAILED' | 'CANCELLED';
export type TransportName = 'SMTP' | 'SMS_GATEWAY' | 'DEV_OUTBOX';

/** One SMS or e-mail in the outbox. The text is cleared once it is no longer needed. */
@Entity('outbox_message')
@Index('IDX_outbox_message_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_message_correlation', ['correlationId'])
export class OutboxMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 8 })
  channel: Channel;

  /** E.164 phone number or e-mail address. */
  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  subject: string | null;

  /**
   * Rendered text, encrypted (SecretBox, purpose `textPurpose(messageId)`); null once SENT
   * through a real transport, EXPIRED, FAILED or CANCELLED.
   */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ type: 'varchar', length: 16 })
  transport: TransportName;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the retry job may try next; also pushed ahead while an attempt is in flight. */
  @DateTimeColumn({ nullable: true, default: null })
  nextAttemptAt: Date | null;

  /** Short reason of the last failure (never the message text). */
  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  lastError: string | null;

  /** Never sent after this moment (an OTP is useless once expired). */
  @DateTimeColumn()
  expiresAt: Date;

  /** e.g. the operation id or SMS authorization id the message belongs to. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  correlationId: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  sentAt: Date | null;

  @DateTimeColumn()
  updatedAt: Date;
}

/** SecretBox purpose of a message's text: binds the ciphertext to its row. */
export function textPurpose(messageId: string): string {
  return `delivery.outbox-text:${messageId}`;
}
