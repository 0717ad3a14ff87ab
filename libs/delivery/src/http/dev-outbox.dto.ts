import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@app/core';
import type { Channel } from '../outbox-message.entity';
import type { DevOutboxMessageRecord, OutboxMessageRecord } from '../outbox-queries.service';

const CHANNELS: Channel[] = ['SMS', 'EMAIL', 'PUSH'];

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  recipient?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  correlationId?: string;
}

/** An outbox message as administrators see it: state, never the text. */
export class OutboxMessageView {
  messageId: string;
  @ApiProperty({ enum: CHANNELS })
  channel: Channel;
  recipient: string;
  @ApiProperty({ enum: ['PENDING', 'SENT', 'EXPIRED', 'FAILED', 'CANCELLED'] })
  status: string;
  @ApiProperty({ enum: ['SMTP', 'SMS_GATEWAY', 'PUSH_BRIDGE', 'DEV_OUTBOX'] })
  transport: string;
  @ApiProperty({ type: 'integer' })
  attempts: number;
  @ApiProperty({ type: String, nullable: true })
  nextAttemptAt: string | null;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  @ApiProperty({ type: String, nullable: true })
  correlationId: string | null;
  expiresAt: string;
  createdAt: string;
  @ApiProperty({ type: String, nullable: true })
  sentAt: string | null;

  static of(m: OutboxMessageRecord): OutboxMessageView {
    return {
      messageId: m.messageId,
      channel: m.channel,
      recipient: m.recipient,
      status: m.status,
      transport: m.transport,
      attempts: m.attempts,
      nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
      lastError: m.lastError,
      correlationId: m.correlationId,
      expiresAt: m.expiresAt.toISOString(),
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt?.toISOString() ?? null,
    };
  }
}

/** A message of the development outbox, with its text (until it expires). */
export class DevOutboxMessageView {
  messageId: string;
  @ApiProperty({ enum: CHANNELS })
  channel: Channel;
  recipient: string;
  @ApiProperty({ type: String, nullable: true })
  subject: string | null;
  /** null once the message expired. */
  @ApiProperty({ type: String, nullable: true })
  text: string | null;
  @ApiProperty({ type: String, nullable: true })
  correlationId: string | null;
  expiresAt: string;
  createdAt: string;

  static of(m: DevOutboxMessageRecord): DevOutboxMessageView {
    return {
      messageId: m.messageId,
      channel: m.channel,
      recipient: m.recipient,
      subject: m.subject,
      text: m.text,
      correlationId: m.correlationId,
      expiresAt: m.expiresAt.toISOString(),
      createdAt: m.createdAt.toISOString(),
    };
  }
}
