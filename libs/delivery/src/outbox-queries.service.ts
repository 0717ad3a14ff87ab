import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { SecretBox } from '@app/core';
import { Channel, OutboxMessage, textPurpose } from './outbox-message.entity';

/** What administration sees of a message: its delivery state, never its text. */
export type OutboxMessageRecord = Pick<
  OutboxMessage,
  | 'messageId'
  | 'channel'
  | 'recipient'
  | 'status'
  | 'transport'
  | 'attempts'
  | 'nextAttemptAt'
  | 'lastError'
  | 'correlationId'
  | 'expiresAt'
  | 'createdAt'
  | 'sentAt'
>;

/** A message of the development outbox, with its decrypted text (null once cleared). */
export type DevOutboxMessageRecord = Pick<
  OutboxMessage,
  'messageId' | 'channel' | 'recipient' | 'subject' | 'text' | 'correlationId' | 'expiresAt' | 'createdAt'
>;

export interface OutboxFilter {
  page: number;
  size: number;
  channel?: Channel;
  recipient?: string;
  correlationId?: string;
}

/** Read side of the outbox for administration and the development outbox. */
@Injectable()
export class OutboxQueries {
  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    private readonly box: SecretBox,
  ) {}

  /** Messages kept by the development outbox (no transport configured), newest first, texts decrypted. */
  async devOutbox(filter: OutboxFilter): Promise<[DevOutboxMessageRecord[], number]> {
    const [items, total] = await this.page({ ...this.where(filter), transport: 'DEV_OUTBOX' }, filter);
    const text = (m: OutboxMessage) => (m.text === null ? null : this.box.open(textPurpose(m.messageId), m.text));
    return [
      items.map((m) => ({
        messageId: m.messageId,
        channel: m.channel,
        recipient: m.recipient,
        subject: m.subject,
        text: text(m),
        correlationId: m.correlationId,
        expiresAt: m.expiresAt,
        createdAt: m.createdAt,
      })),
      total,
    ];
  }

  /** Every message (texts are not part of what admins see), newest first. */
  async messages(filter: OutboxFilter): Promise<[OutboxMessageRecord[], number]> {
    const [items, total] = await this.page(this.where(filter), filter);
    return [items.map(record), total];
  }

  /** Messages still to be delivered, per channel (the outbox depth metric). */
  async pendingByChannel(): Promise<Array<{ channel: string; count: number }>> {
    const rows = await this.outbox
      .createQueryBuilder('m')
      .select('m.channel', 'channel')
      .addSelect('COUNT(*)', 'count')
      .where('m.status = :status', { status: 'PENDING' })
      .groupBy('m.channel')
      .getRawMany<{ channel: string; count: string | number }>();
    return rows.map((row) => ({ channel: row.channel, count: Number(row.count) }));
  }

  async find(messageId: string): Promise<OutboxMessageRecord | null> {
    if (messageId.length > 36) return null;
    const message = await this.outbox.findOneBy({ messageId });
    return message && record(message);
  }

  private where(filter: OutboxFilter): FindOptionsWhere<OutboxMessage> {
    const where: FindOptionsWhere<OutboxMessage> = {};
    if (filter.channel) where.channel = filter.channel;
    if (filter.recipient) where.recipient = filter.recipient;
    if (filter.correlationId) where.correlationId = filter.correlationId;
    return where;
  }

  private page(where: FindOptionsWhere<OutboxMessage>, filter: OutboxFilter): Promise<[OutboxMessage[], number]> {
    return this.outbox.findAndCount({
      where,
      order: { createdAt: 'DESC', messageId: 'ASC' },
      skip: filter.page * filter.size,
      take: filter.size,
    });
  }
}

function record(m: OutboxMessage): OutboxMessageRecord {
  return {
    messageId: m.messageId,
    channel: m.channel,
    recipient: m.recipient,
    status: m.status,
    transport: m.transport,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt,
    lastError: m.lastError,
    correlationId: m.correlationId,
    expiresAt: m.expiresAt,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
  };
}
