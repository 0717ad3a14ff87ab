import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireScope } from '@app/core';
import { SessionsService, sessionNotFound } from '../sessions/sessions.service';

/** One session with its audit events (spec §8), for operations and support. */
@ApiTags('admin')
@Controller('admin/transaction-approval/sessions')
@RequireScope('admin')
export class SessionsAdminController {
  constructor(private readonly sessions: SessionsService) {}

  /** A session with its audit events (for support). */
  @Get(':sessionId')
  async get(@Param('sessionId') sessionId: string) {
    const session = await this.sessions.find(sessionId);
    if (!session) throw sessionNotFound();
    return { ...session, events: await this.sessions.events(sessionId) };
  }
}
