import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { SecretBox } from '@app/core';
import { Channel, OutboxMessage, textPurpose } from './outbox-message.entity';

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
  async devOutbox(filter: OutboxFilter): Promise<[OutboxMessage[], number]> {
    const [items, total] = await this.page({ ...this.where(filter), transport: 'DEV_OUTBOX' }, filter);
    return [items.map((m) => ({ ...m, text: m.text === null ? null : this.box.open(textPurpose(m.messageId), m.text) })), total];
  }

  /** Every message (texts are not part of what admins see), newest first. */
  messages(filter: OutboxFilter): Promise<[OutboxMessage[], number]> {
    return this.page(this.where(filter), filter);
  }

  find(messageId: string): Promise<OutboxMessage | null> {
    return messageId.length <= 36 ? this.outbox.findOneBy({ messageId }) : Promise.resolve(null);
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
