import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { NotFoundError, Page, PageOf, RequireScope } from '@app/core';
import { OutboxQueries } from '../outbox-queries.service';
import { DevOutboxMessageView, OutboxMessageView, OutboxQuery } from './dev-outbox.dto';

/** Delivery state of outbox messages (no texts): for support and operations. */
@ApiTags('admin')
@Controller('admin/outbox')
@RequireScope('admin')
export class OutboxAdminController {
  constructor(private readonly queries: OutboxQueries) {}

  /** Delivery state of outbox messages (status, attempts, last error; never the text). */
  @Get()
  @ApiOkResponse({ type: PageOf(OutboxMessageView) })
  async list(@Query() query: OutboxQuery): Promise<Page<OutboxMessageView>> {
    const [items, total] = await this.queries.messages(query);
    return { items: items.map(OutboxMessageView.of), page: query.page, size: query.size, total };
  }

  /** Delivery state of one outbox message. */
  @Get(':messageId')
  async get(@Param('messageId') messageId: string): Promise<OutboxMessageView> {
    const message = await this.queries.find(messageId);
    if (!message) throw new NotFoundError(`Message "${messageId}"`);
    return OutboxMessageView.of(message);
  }
}

/** Messages kept when no SMTP_URL / SMS_GATEWAY_URL is set. Mounted only outside production. */
@ApiTags('admin')
@Controller('admin/dev-outbox')
@RequireScope('admin')
export class DevOutboxController {
  constructor(private readonly queries: OutboxQueries) {}

  /** Messages kept by the development outbox, with their text (not served with NODE_ENV=production). */
  @Get()
  @ApiOkResponse({ type: PageOf(DevOutboxMessageView) })
  async list(@Query() query: OutboxQuery): Promise<Page<DevOutboxMessageView>> {
    const [items, total] = await this.queries.devOutbox(query);
    return { items: items.map(DevOutboxMessageView.of), page: query.page, size: query.size, total };
  }
}
