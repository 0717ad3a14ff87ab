import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { Clock, E164_PHONE_NUMBER, findOneForUpdate, Transactions } from '@app/core';
import { DeliveryConfig } from './delivery.config';
import { DeliveryResult, OutgoingMessage } from './delivery.types';
import { Channel, OutboxMessage } from './outbox-message.entity';
import { TRANSPORTS, TransportError, Transports } from './transports/transport';

const EMAIL = /^[^\s@<>",;]{1,64}@[^\s@<>",;]{1,190}\.[^\s@<>",;]{1,63}$/;
/** Extra time an in-flight attempt keeps the message away from the retry job. */
const CLAIM_MARGIN_MS = 1000;

/**
 * The SMS / e-mail outbox. Every message is stored before it is sent, so nothing is lost when
 * the gateway or SMTP server is down; failed ones are retried with backoff until they expire.
 * Logs carry message ids and outcomes, never the text.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(TRANSPORTS) private readonly transports: Transports,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: DeliveryConfig,
  ) {}

  /**
   * Stores the message and tries to send it now (DELIVERY_SEND_TIMEOUT_MS). On failure it stays
   * queued for the retry job. Never throws for transport failures; an invalid recipient or an
   * already expired message is stored as given up and answered FAILED.
   */
  async sendNow(message: OutgoingMessage): Promise<DeliveryResult> {
    const now = this.clock.now();
    const transport = this.transports[message.channel];
    const messageId = randomUUID();
    const problem = this.problemOf(message, now);
    const dev = transport.name === 'DEV_OUTBOX';
    const row: OutboxMessage = {
      messageId,
      channel: message.channel,
      recipient: message.recipient.slice(0, 254),
      subject: message.channel === 'EMAIL' ? ((message.subject ?? null)?.slice(0, 255) ?? null) : null,
      text: problem ? null : message.text,
      status: problem ? (problem === 'expired' ? 'EXPIRED' : 'FAILED') : dev ? 'SENT' : 'PENDING',
      transport: transport.name,
      attempts: dev && !problem ? 1 : 0,
      nextAttemptAt: problem || dev ? null : new Date(now.getTime() + this.config.sendTimeoutMs + CLAIM_MARGIN_MS),
      lastError: problem ?? null,
      expiresAt: message.expiresAt,
      correlationId: message.correlationId?.slice(0, 64) ?? null,
      createdAt: now,
      sentAt: dev && !problem ? now : null,
      updatedAt: now,
    };
    await this.transactions.run((em) => em.insert(OutboxMessage, row));
    if (problem) {
      this.logger.warn({ messageId, channel: row.channel, reason: problem }, 'Message not sent');
      return { messageId, status: 'FAILED' };
    }
    if (dev) {
      this.logger.log(
        { messageId, channel: row.channel, transport: row.transport },
        'Message kept in the development outbox',
      );
      return { messageId, status: 'SENT' };
    }
    const status = await this.attempt(row);
    return { messageId, status: status === 'SENT' ? 'SENT' : 'FAILED' };
  }

  /**
   * One run of the retry job: gives up expired messages and sends the due ones. Each message is
   * claimed (its next attempt pushed ahead) under a row lock before sending, so it is never sent
   * twice by overlapping runs or by sendNow.
   */
  async retryDue(): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run(async (em) => {
      const expired = await em.update(
        OutboxMessage,
        { status: 'PENDING', expiresAt: LessThanOrEqual(now) },
        { status: 'EXPIRED', text: null, nextAttemptAt: null, updatedAt: now },
      );
      if (expired.affected) this.logger.warn({ count: expired.affected }, 'Undelivered messages expired');
      // The development outbox keeps texts to be read, but not past their expiry either.
      await em.update(
        OutboxMessage,
        { transport: 'DEV_OUTBOX', expiresAt: LessThanOrEqual(now), text: Not(IsNull()) },
        { text: null, updatedAt: now },
      );
    });
    const due = await this.outbox.find({
      where: { status: 'PENDING', nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: this.config.retryBatchSize,
    });
    for (const candidate of due) {
      const claimed = await this.claim(candidate.messageId);
      if (claimed) await this.attempt(claimed);
    }
  }

  private claim(messageId: string): Promise<OutboxMessage | null> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const row = await findOneForUpdate(em, OutboxMessage, { messageId });
      if (!row || row.status !== 'PENDING' || row.text === null) return null;
      if (!row.nextAttemptAt || row.nextAttemptAt.getTime() > now.getTime()) return null;
      if (row.expiresAt.getTime() <= now.getTime()) return null;
      row.nextAttemptAt = new Date(now.getTime() + this.config.sendTimeoutMs + CLAIM_MARGIN_MS);
      await em.update(OutboxMessage, { messageId }, { nextAttemptAt: row.nextAttemptAt, updatedAt: now });
      return row;
    });
  }

  /** Sends once and records the outcome; returns the message's new status. */
  private async attempt(message: OutboxMessage): Promise<OutboxMessage['status']> {
    const transport = this.transports[message.channel];
    let failure: string | null = null;
    try {
      await transport.send(
        { messageId: message.messageId, recipient: message.recipient, subject: message.subject, text: message.text! },
        this.config.sendTimeoutMs,
      );
    } catch (error) {
      failure = error instanceof TransportError ? error.message : `unexpected ${(error as Error)?.name ?? 'error'}`;
    }
    const outcome = await this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, OutboxMessage, { messageId: message.messageId });
      if (!row || row.status !== 'PENDING') return row?.status ?? 'FAILED';
      const now = this.clock.now();
      row.attempts += 1;
      row.updatedAt = now;
      if (failure === null) {
        Object.assign(row, { status: 'SENT', sentAt: now, text: null, nextAttemptAt: null, lastError: null });
      } else {
        const next = new Date(now.getTime() + this.config.retryDelayMs(row.attempts));
        row.lastError = failure.slice(0, 255);
        if (row.attempts >= this.config.retryMaxAttempts) {
          Object.assign(row, { status: 'FAILED', text: null, nextAttemptAt: null });
        } else if (next.getTime() >= row.expiresAt.getTime()) {
          Object.assign(row, { status: 'EXPIRED', text: null, nextAttemptAt: null });
        } else {
          row.nextAttemptAt = next;
        }
      }
      await em.save(OutboxMessage, row);
      return row.status;
    });
    const fields = {
      messageId: message.messageId,
      channel: message.channel,
      transport: transport.name,
      status: outcome,
    };
    if (failure === null) this.logger.log(fields, 'Message sent');
    else this.logger.warn({ ...fields, error: failure }, 'Message not sent');
    return outcome;
  }

  private problemOf(message: OutgoingMessage, now: Date): string | null {
    if (message.expiresAt.getTime() <= now.getTime()) return 'expired';
    if (!validRecipient(message.channel, message.recipient)) return 'invalid recipient';
    if (message.text.length === 0) return 'empty text';
    return null;
  }
}

function validRecipient(channel: Channel, recipient: string): boolean {
  if (channel === 'PUSH') return /^[A-Za-z0-9._-]{1,64}$/.test(recipient); // a device id
  return channel === 'SMS' ? E164_PHONE_NUMBER.test(recipient) : recipient.length <= 254 && EMAIL.test(recipient);
}
