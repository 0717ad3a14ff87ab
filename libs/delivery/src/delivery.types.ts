import type { Channel } from './outbox-message.entity';

export interface OutgoingMessage {
  channel: Channel;
  /** E.164 phone number (SMS) or e-mail address (EMAIL). */
  recipient: string;
  /** E-mail subject; ignored for SMS. */
  subject?: string;
  text: string;
  /** Never sent after this moment. */
  expiresAt: Date;
  /** e.g. the operation id the message belongs to (at most 64 characters). */
  correlationId?: string;
}

/**
 * SENT: accepted by the gateway / SMTP server (or kept in the development outbox). FAILED: not
 * now (retried until it expires, unless it can never be sent). QUEUED: stored in a transaction
 * still open; delivery starts after its commit.
 */
export type DeliveryStatus = 'SENT' | 'FAILED';

export interface DeliveryResult {
  messageId: string;
  status: DeliveryStatus | 'QUEUED';
}

export interface QueuedMessage {
  messageId: string;
  /** The first attempt's outcome, once it started after the commit; null before. */
  firstAttempt(): Promise<DeliveryStatus> | null;
}
