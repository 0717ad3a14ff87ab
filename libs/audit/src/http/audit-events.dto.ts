import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '@app/core';
import type { AuditEventView } from '../audit.service';

/**
 * A point in time, never a local time or a bare date: `2026-12-01T14:00:00Z`, `…T14:00:00.5+01:00`.
 * IsISO8601 (strict) refuses impossible dates such as 2026-02-31.
 */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** The query of GET /admin/audit-events; an unknown key is a 400 (the controller's strict pipe). */
export class AuditEventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'u-1001' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  userId?: string;

  @ApiPropertyOptional({ example: 'ta.session.approved' })
  @IsOptional()
  @Matches(/^[a-z0-9.-]{1,64}$/)
  type?: string;

  @ApiPropertyOptional({ example: 'ta-session' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,32}$/)
  subjectType?: string;

  @ApiPropertyOptional({ example: '340125027183557164' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subjectId?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    format: 'date-time',
    description: 'ISO-8601 date and time with Z or an offset, inclusive',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_TIME_WITH_OFFSET)
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12-31T23:59:59Z',
    format: 'date-time',
    description: 'ISO-8601 date and time with Z or an offset, inclusive',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_TIME_WITH_OFFSET)
  to?: string;
}

export class AuditEventDto implements AuditEventView {
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015' }) eventId: string;
  @ApiProperty({ example: '2026-12-01T08:19:16.528Z' }) occurredAt: string;
  @ApiProperty({ example: 'ta.session.code-sent' }) type: string;
  @ApiProperty({ type: String, nullable: true, example: 'u-1001' }) userId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ta-session' }) subjectType: string | null;
  @ApiProperty({ type: String, nullable: true, example: '340125027183557164' }) subjectId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ebank' }) clientId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '0e0c8a4e-5b8f-4a43-9a55-3c2f0f6c1b7d' })
  requestId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' }) ip: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { channel: 'EMAIL' } })
  data: Record<string, unknown>;
}
