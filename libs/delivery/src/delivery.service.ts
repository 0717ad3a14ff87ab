import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { Clock, E164_PHONE_NUMBER, SecretBox, findOneForUpdate, Transactions } from '@app/core';
import { DeliveryConfig } from './delivery.config';
import { DeliveryResult, DeliveryStatus, OutgoingMessage, QueuedMessage } from './delivery.types';
import { Channel, OutboxMessage, textPurpose } from './outbox-message.entity';
import { outboxMachine } from './outbox-states';
import { TRANSPORTS, TransportError, Transports } from './transports/transport';

const EMAIL = /^[^\s@<>",;]{1,64}@[^\s@<>",;]{1,190}\.[^\s@<>",;]{1,63}$/;
/** Extra time an in-flight attempt keeps the message away from the retry job. */
const CLAIM_MARGIN_MS = 1000;

/**
 * The SMS / e-mail outbox. Every message is stored before it is sent, so nothing is lost when
 * the gateway or SMTP server is down; failed ones are retried with backoff until they expire.
 * Texts are encrypted at rest (SecretBox, bound to the message id) and cleared once sent,
 * expired, given up or cancelled. Logs carry message ids and outcomes, never the text.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(TRANSPORTS) private readonly transports: Transports,
    private readonly transactions: Transactions,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly config: DeliveryConfig,
  ) {}

  /**
   * Stores the message in the caller's transaction (it joins an open `Transactions.run`), text
   * encrypted, so a message commits or rolls back with what it belongs to (e.g. the code it
   * carries). The first attempt to send runs right after the outermost commit; until then the
   * row is claimed so the retry job leaves it alone. An invalid recipient or an already expired
   * message is stored as given up. `firstAttempt()` is that attempt's outcome once it started
   * (null while the transaction is still open).
   */
  async enqueue(message: OutgoingMessage): Promise<QueuedMessage> {
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
      text: problem ? null : this.box.seal(textPurpose(messageId), message.text),
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
    let attempt: Promise<DeliveryStatus> | null = null;
    // Inside a caller's transaction this only registers the hook; outside one it runs it now.
    await this.transactions.afterCommit(async () => {
      attempt = this.firstAttempt(row, problem);
      await attempt;
    });
    return { messageId, firstAttempt: () => attempt };
  }

  /**
   * Stores the message and tries to send it now (DELIVERY_SEND_TIMEOUT_MS). On failure it stays
   * queued for the retry job. Never throws for transport failures; an invalid recipient or an
   * already expired message is stored as given up and answered FAILED. Inside an open
   * transaction the attempt waits for its commit, and the answer is QUEUED.
   */
  async sendNow(message: OutgoingMessage): Promise<DeliveryResult> {
    const queued = await this.transactions.run(() => this.enqueue(message));
    const attempt = queued.firstAttempt();
    return { messageId: queued.messageId, status: attempt ? await attempt : 'QUEUED' };
  }

  /**
   * A message that must not go out any more (e.g. its code was replaced by a resend): a pending
   * one is CANCELLED, and its text (or a development outbox copy) is cleared. Joins the caller's
   * transaction. False when there was nothing left to cancel.
   */
  cancel(messageId: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, OutboxMessage, { messageId });
      if (!row) return false;
      const updatedAt = this.clock.now();
      if (row.status === 'PENDING') {
        const changes = { text: null, nextAttemptAt: null, updatedAt };
        return outboxMachine.write(em, OutboxMessage, { messageId }, 'status', 'PENDING', 'CANCELLED', changes);
      }
      if (row.transport !== 'DEV_OUTBOX' || row.text === null) return false;
      await em.update(OutboxMessage, { messageId }, { text: null, updatedAt });
      return true;
    });
  }

  private async firstAttempt(row: OutboxMessage, problem: string | null): Promise<DeliveryStatus> {
    const fields = { messageId: row.messageId, channel: row.channel, transport: row.transport };
    if (problem) {
      this.logger.warn({ ...fields, reason: problem }, 'Message not sent');
      return 'FAILED';
    }
    if (row.transport === 'DEV_OUTBOX') {
      this.logger.log(fields, 'Message kept in the development outbox');
      return 'SENT';
    }
    return (await this.attempt(row)) === 'SENT' ? 'SENT' : 'FAILED';
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
      const text = this.box.open(textPurpose(message.messageId), message.text!);
      await transport.send(
        { messageId: message.messageId, recipient: message.recipient, subject: message.subject, text },
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
  return channel === 'SMS' ? E164_PHONE_NUMBER.test(recipient) : recipient.length <= 254 && EMAIL.test(recipient);
}
