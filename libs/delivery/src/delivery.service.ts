import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, LessThanOrEqual, MoreThan, Not, Repository } from 'typeorm';
import {
  Clock,
  E164_PHONE_NUMBER,
  Metrics,
  SecretBox,
  Table,
  Transactions,
  findOneForUpdate,
  lockForUpdate,
} from '@app/core';
import { DeliveryConfig } from './delivery.config';
import { DeliveryResult, DeliveryStatus, OutgoingMessage, QueuedMessage } from './delivery.types';
import { OutcomeRecorder } from './outcome-recorder';
import { Channel, OutboxMessage, textPurpose } from './outbox-message.entity';
import { outboxMachine } from './outbox-states';
import { TRANSPORTS, TransportError, Transports } from './transports/transport';

const EMAIL = /^[^\s@<>",;]{1,64}@[^\s@<>",;]{1,190}\.[^\s@<>",;]{1,63}$/;
/** Extra time an in-flight attempt keeps the message away from the retry job. */
const CLAIM_MARGIN_MS = 1000;
/** Expired messages given up per statement; the next run takes the rest. */
const EXPIRE_BATCH = 500;

/**
 * The SMS / e-mail outbox. Every message is stored before it is sent, so nothing is lost when
 * the gateway or SMTP server is down; failed ones are retried with backoff until they expire.
 * Texts are encrypted at rest (SecretBox, bound to the message id) and cleared once sent,
 * expired, given up or cancelled. Logs carry message ids and outcomes, never the text.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly outcomes: OutcomeRecorder;

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    @Inject(TRANSPORTS) private readonly transports: Transports,
    private readonly transactions: Transactions,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    private readonly config: DeliveryConfig,
    private readonly metrics: Metrics,
  ) {
    this.outcomes = new OutcomeRecorder(transactions);
  }

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
      attemptStartedAt: problem || dev ? null : now,
      lastError: problem ?? null,
      expiresAt: message.expiresAt,
      correlationId: message.correlationId?.slice(0, 64) ?? null,
      createdAt: now,
      sentAt: dev && !problem ? now : null,
      updatedAt: now,
    };
    // a plain INSERT: em.insert read the row back after writing it (issue 13)
    await this.transactions.run((em) => Table.of(em, OutboxMessage).insert(em, row));
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
      this.metrics.deliveryGivenUp(row.channel, problem === 'expired' ? 'EXPIRED' : 'FAILED');
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
   * One run of the retry job: drops expired messages and sends the due ones, batch after batch
   * while batches come back full, with at most DELIVERY_RETRY_CONCURRENCY sends in flight.
   * Messages are claimed (their next attempt pushed ahead, under row locks) a few at a time just
   * before they are sent, so overlapping runs and sendNow never send one at the same time. Stops
   * between messages when `signal` aborts (the job lease was lost or the process shuts down).
   */
  async retryDue(signal?: AbortSignal): Promise<void> {
    const size = this.config.retryBatchSize;
    const chunk = this.config.retryConcurrency;
    for (;;) {
      if (signal?.aborted) return;
      const now = this.clock.now();
      await this.expireOverdue(now);
      const due = await this.outbox.find({
        select: { messageId: true },
        where: { status: 'PENDING', nextAttemptAt: LessThanOrEqual(now), expiresAt: MoreThan(now) },
        order: { nextAttemptAt: 'ASC' },
        take: size,
      });
      const unclaimed = due.map((d) => d.messageId);
      const claimed: OutboxMessage[] = [];
      let claiming: Promise<void> | null = null;
      const next = async (): Promise<OutboxMessage | undefined> => {
        while (claimed.length === 0 && unclaimed.length > 0 && !signal?.aborted) {
          claiming ??= this.claim(unclaimed.splice(0, chunk)).then(
            (rows) => void claimed.push(...rows),
            (error: unknown) => this.logger.error({ err: error }, 'Claiming due messages failed; next run retries'),
          );
          await claiming;
          claiming = null;
        }
        return signal?.aborted ? undefined : claimed.shift();
      };
      const sender = async () => {
        for (let message = await next(); message; message = await next()) await this.attempt(message);
      };
      await Promise.all(Array.from({ length: Math.min(chunk, due.length) }, sender));
      if (due.length < size) return;
    }
  }

  /** Gives up messages that expired unsent: an expired code is useless, so it is never sent. */
  private async expireOverdue(now: Date): Promise<void> {
    await this.transactions.run(async (em) => {
      const overdue = await em.find(OutboxMessage, {
        select: { messageId: true, channel: true },
        where: { status: 'PENDING', expiresAt: LessThanOrEqual(now) },
        take: EXPIRE_BATCH,
      });
      await this.giveUpExpired(em, overdue, now);
      // The development outbox keeps texts to be read, but not past their expiry either.
      await em.update(
        OutboxMessage,
        { transport: 'DEV_OUTBOX', expiresAt: LessThanOrEqual(now), text: Not(IsNull()) },
        { text: null, updatedAt: now },
      );
    });
  }

  /** PENDING → EXPIRED for `rows` (locked or selected by the caller), text cleared, counted per channel. */
  private async giveUpExpired(
    em: EntityManager,
    rows: Array<Pick<OutboxMessage, 'messageId' | 'channel'>>,
    now: Date,
  ): Promise<void> {
    const changes = { text: null, nextAttemptAt: null, attemptStartedAt: null, updatedAt: now };
    let count = 0;
    // One statement per channel (usually one), so the given-up count per channel is exact even
    // when a concurrent attempt settled some of the rows first.
    for (const channel of new Set(rows.map((row) => row.channel))) {
      const ids = rows.filter((row) => row.channel === channel).map((row) => row.messageId);
      const where = { messageId: In(ids), expiresAt: LessThanOrEqual(now) };
      const moved = await outboxMachine.writeAll(em, OutboxMessage, where, 'status', 'PENDING', 'EXPIRED', changes);
      if (moved > 0) this.metrics.deliveryGivenUp(channel, 'EXPIRED', moved);
      count += moved;
    }
    if (count === 0) return;
    this.logger.warn({ count }, 'Undelivered messages expired');
  }

  /**
   * Claims those of `messageIds` that are still due, in one transaction with their rows locked:
   * pushes their next attempt past the time their sends may take (waiting for a free sender,
   * then the send itself), marks the attempt as started, and drops the ones that expired.
   */
  private claim(messageIds: string[]): Promise<OutboxMessage[]> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const rows = await em.find(OutboxMessage, {
        where: { messageId: In(messageIds), status: 'PENDING', nextAttemptAt: LessThanOrEqual(now) },
        lock: lockForUpdate(em),
      });
      const live = rows.filter((row) => row.text !== null && row.expiresAt.getTime() > now.getTime());
      await this.giveUpExpired(
        em,
        rows.filter((row) => row.text !== null && row.expiresAt.getTime() <= now.getTime()),
        now,
      );
      if (live.length === 0) return [];
      for (const row of live.filter((r) => r.attemptStartedAt)) {
        this.metrics.deliveryPossibleDuplicate(row.channel);
        this.logger.warn(
          { messageId: row.messageId, channel: row.channel, attemptStartedAt: row.attemptStartedAt },
          'Sending again after an attempt whose outcome was not recorded: possible duplicate',
        );
      }
      const nextAttemptAt = new Date(now.getTime() + 2 * this.config.sendTimeoutMs + CLAIM_MARGIN_MS);
      await em.update(
        OutboxMessage,
        { messageId: In(live.map((row) => row.messageId)) },
        { nextAttemptAt, attemptStartedAt: now, updatedAt: now },
      );
      return live.map((row) => ({ ...row, nextAttemptAt, attemptStartedAt: now }));
    });
  }

  /** Sends once and records the outcome; returns the message's new status. */
  private async attempt(message: OutboxMessage): Promise<OutboxMessage['status']> {
    const transport = this.transports[message.channel];
    let failure: string | null = null;
    let outcomeUnknown = false;
    try {
      const text = this.box.open(textPurpose(message.messageId), message.text!);
      await transport.send(
        { messageId: message.messageId, recipient: message.recipient, subject: message.subject, text },
        this.config.sendTimeoutMs,
      );
    } catch (error) {
      failure = error instanceof TransportError ? error.message : `unexpected ${(error as Error)?.name ?? 'error'}`;
      outcomeUnknown = error instanceof TransportError && error.outcomeUnknown;
    }
    const now = this.clock.now();
    const attempts = message.attempts + 1;
    // An attempt whose outcome is unknown (a timeout) stays marked as started, so that the retry
    // counts as a possible duplicate, like a resend after a crash.
    const attemptStartedAt = outcomeUnknown ? message.attemptStartedAt : null;
    const changes: Partial<OutboxMessage> = { attempts, updatedAt: now, attemptStartedAt };
    if (failure === null) {
      Object.assign(changes, { status: 'SENT', sentAt: now, text: null, nextAttemptAt: null, lastError: null });
    } else {
      const next = new Date(now.getTime() + this.config.retryDelayMs(attempts));
      changes.lastError = failure.slice(0, 255);
      if (attempts >= this.config.retryMaxAttempts) {
        Object.assign(changes, { status: 'FAILED', text: null, nextAttemptAt: null });
      } else if (next.getTime() >= message.expiresAt.getTime()) {
        Object.assign(changes, { status: 'EXPIRED', text: null, nextAttemptAt: null });
      } else {
        changes.nextAttemptAt = next;
      }
    }
    const outcome = await this.outcomes.record({
      messageId: message.messageId,
      claimedAttempts: message.attempts,
      changes,
    });
    this.metrics.deliveryAttempt(message.channel, transport.name, failure === null ? 'sent' : 'failed');
    if (outcome === 'FAILED' || outcome === 'EXPIRED') this.metrics.deliveryGivenUp(message.channel, outcome);
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
