import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { Clock, DomainError, Transactions, currentRequestOrigin } from '@app/core';
import { AuditEvent } from './audit-event.entity';

export type AuditErrorCode = 'AUDIT_DATA_INVALID';

export class AuditError extends DomainError<AuditErrorCode> {}

export interface AuditRecord {
  type: string;
  userId?: string | null;
  subjectType?: string | null;
  subjectId?: string | null;
  clientId?: string | null;
  data?: Record<string, string | number | boolean | null>;
}

export interface AuditEventView {
  eventId: string;
  occurredAt: string;
  type: string;
  userId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  clientId: string | null;
  requestId: string | null;
  ip: string | null;
  data: Record<string, unknown>;
}

export interface AuditQuery {
  userId?: string;
  type?: string;
  subjectType?: string;
  subjectId?: string;
  from?: Date;
  to?: Date;
  page: number;
  size: number;
}

/** Names that would carry a secret; an audit row must never hold one, whoever writes it. */
const SECRET_KEY = /code|otp|token|secret|password|pin|signature/i;
const MAX_DATA_CHARS = 2000;

/**
 * The one audit trail of every API (transaction approval, two-factor, devices). Events are
 * written in the caller's transaction, so an event exists exactly when its change committed, and
 * carry the id and client IP of the HTTP request that caused them.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async record(event: AuditRecord): Promise<void> {
    const data = event.data ?? {};
    const secretKey = Object.keys(data).find((key) => SECRET_KEY.test(key));
    if (secretKey) throw new AuditError('AUDIT_DATA_INVALID', `Audit data must not hold "${secretKey}".`);
    const json = JSON.stringify(data);
    if (json.length > MAX_DATA_CHARS) throw new AuditError('AUDIT_DATA_INVALID', 'Audit data is too large.');
    const origin = currentRequestOrigin(); // none for jobs and other work outside a request
    await this.transactions.repository(AuditEvent).insert({
      eventId: randomBytes(16).toString('hex'),
      occurredAt: this.clock.now(),
      type: event.type,
      userId: event.userId ?? null,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      clientId: event.clientId ?? null,
      requestId: origin?.requestId ?? null,
      ip: origin?.ip ?? null,
      data: json,
    });
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<{ items: AuditEventView[]; total: number }> {
    const where: FindOptionsWhere<AuditEvent> = {};
    if (query.userId !== undefined) where.userId = query.userId;
    if (query.type !== undefined) where.type = query.type;
    if (query.subjectType !== undefined) where.subjectType = query.subjectType;
    if (query.subjectId !== undefined) where.subjectId = query.subjectId;
    if (query.from && query.to) where.occurredAt = Between(query.from, query.to);
    else if (query.from) where.occurredAt = MoreThanOrEqual(query.from);
    else if (query.to) where.occurredAt = LessThanOrEqual(query.to);
    const [rows, total] = await this.transactions.repository(AuditEvent).findAndCount({
      where,
      order: { occurredAt: 'DESC', eventId: 'ASC' },
      skip: query.page * query.size,
      take: query.size,
    });
    return { items: rows.map(toView), total };
  }
}

function toView(row: AuditEvent): AuditEventView {
  return {
    eventId: row.eventId,
    occurredAt: row.occurredAt.toISOString(),
    type: row.type,
    userId: row.userId,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    clientId: row.clientId,
    requestId: row.requestId,
    ip: row.ip,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
