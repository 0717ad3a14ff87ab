import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/** One thing that happened to a user, a session or a factor: who, what, when — never a secret. */
@Entity('audit_event')
@Index('IDX_audit_event_user_time', ['userId', 'occurredAt'])
@Index('IDX_audit_event_subject', ['subjectType', 'subjectId'])
@Index('IDX_audit_event_type_time', ['type', 'occurredAt'])
export class AuditEvent {
  /** Random 128-bit id (hex), so replicas never collide. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  eventId: string;

  @DateTimeColumn()
  occurredAt: Date;

  /** e.g. `ta.session.selected`, `twofactor.otp.requested`. */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 30, nullable: true, default: null })
  userId: string | null;

  /** What the event is about, e.g. `ta-session` + its id. */
  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  subjectType: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  subjectId: string | null;

  /** The API client that made the call, when one did. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  clientId: string | null;

  /** The id of the HTTP request that caused the event (X-Request-Id), to find its log lines. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  requestId: string | null;

  /** The caller's IP address (as Fastify sees it, X-Forwarded-For only from a trusted proxy). */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  ip: string | null;

  /** Small JSON object of non-secret facts (masked targets, attempt numbers). */
  @Column({ type: 'text' })
  data: string;
}
