import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, In, LessThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditEventView, AuditService } from '@app/audit';
import { Clock, KeyedHasher, Transactions, findOneForUpdate } from '@app/core';
import { TransactionApprovalError } from '../errors';
import { ApprovalMethods } from '../methods/approval-method';
import { TransactionApprovalConfig } from '../transaction-approval.config';
import { TaSession } from './session.entity';
import { SESSION_STATES, SessionState, nextStepOf, sessionMachine } from './session-states';
import { SESSION_TOKEN, TOKEN_HASH_PURPOSE, newSessionId, newSessionToken } from './session-tokens';
import { SessionEvent, SessionHandle, SessionView, toSessionView } from './session.view';

export const SESSION_SUBJECT = 'transaction-approval.session';
const OPEN_STATES = SESSION_STATES.filter((s) => !sessionMachine.isFinal(s));

/** The answer of a step: the session's id, the document's attributes and the renewed token. */
export interface StepAnswer {
  sessionId: string;
  attributes: Record<string, unknown>;
  /** The session's new token (absent when the step failed: the old one stays valid). */
  token?: string;
}

/** What a step decided, applied by SessionsService under the row lock. */
export interface StepDecision {
  /** The new state, checked against the state table. */
  to?: SessionState;
  changes?: Partial<Pick<TaSession, 'userId' | 'method' | 'parameters' | 'prompt' | 'methodData'>>;
  /** The success document's attributes. */
  attributes?: Record<string, unknown>;
  events?: SessionEvent[];
  /**
   * Committed with the rest, then thrown: e.g. a wrong code (counted) or an abort. No renewal.
   * Only when `step` is the outermost transaction: inside a caller's `run` the throw rolls it back.
   */
  failure?: TransactionApprovalError;
  /** Runs after the commit; its attributes join the answer (e.g. deliveryFailed). */
  afterCommit?: () => Promise<Record<string, unknown>>;
}

/**
 * The session's life (spec §2): open, resolve a token, and run each step as one transaction with
 * the session row locked. The token is renewed after every successful step (the old one stops
 * working in the same commit); idle and absolute timeouts end it.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: TransactionApprovalConfig,
    private readonly audit: AuditService,
    private readonly methods: ApprovalMethods,
  ) {}

  /** A new session of `flowId` in USERNAME_REQUIRED, inside the caller's transaction (or its own). */
  open(clientId: string, flowId: string, event: SessionEvent): Promise<{ handle: SessionHandle; token: string }> {
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const token = newSessionToken();
      const row: TaSession = {
        sessionId: newSessionId(),
        tokenHash: this.hashToken(token),
        clientId,
        flowId,
        state: 'USERNAME_REQUIRED',
        userId: null,
        method: null,
        parameters: null,
        prompt: null,
        methodData: null,
        createdAt: now,
        lastActivityAt: now,
        expiresAt: this.deadline(now, now),
        endedAt: null,
        eventCount: 1,
      };
      await em.insert(TaSession, row as QueryDeepPartialEntity<TaSession>);
      await this.record(row, event, 1);
      return { handle: { session: toSessionView(row), tokenHash: row.tokenHash }, token };
    });
  }

  /**
   * The session a client's token names: SESSION_NOT_FOUND for an unknown, renewed-away or
   * other client's token; SESSION_EXPIRED (and the session ended as such) past its deadline.
   */
  async resolve(token: string, clientId: string): Promise<SessionHandle> {
    if (!SESSION_TOKEN.test(token)) throw sessionNotFound();
    const tokenHash = this.hashToken(token);
    const row = await this.transactions.repository(TaSession).findOneBy({ tokenHash });
    if (!row || row.clientId !== clientId) throw sessionNotFound();
    if (row.state === 'EXPIRED') throw sessionExpired();
    if (this.isPastDeadline(row)) {
      await this.expire(row.sessionId);
      throw sessionExpired();
    }
    return { session: toSessionView(row), tokenHash };
  }

  /**
   * Runs one step on the locked row. The row must still be as the guard saw it (same token, same
   * state), else nothing changes. The decision's state change, changes and events commit
   * together with whatever `work` wrote (a code, an outbox message) and with the new token.
   */
  async step(
    handle: SessionHandle,
    work: (session: SessionView, em: EntityManager) => Promise<StepDecision>,
  ): Promise<StepAnswer> {
    const { answer, failure, ended, settle } = await this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, TaSession, { sessionId: handle.session.sessionId });
      if (!row || row.tokenHash !== handle.tokenHash) throw sessionNotFound();
      if (this.isPastDeadline(row)) return { ended: 'EXPIRED' as const };
      if (row.state !== handle.session.state) throw unexpectedStep(row.state);
      const decision = await work(toSessionView(row), em);
      const now = this.clock.now();
      const token = decision.failure ? undefined : newSessionToken();
      const events = decision.events ?? [];
      const changes: Partial<TaSession> = { ...decision.changes };
      if (events.length > 0) changes.eventCount = row.eventCount + events.length;
      if (token) Object.assign(changes, this.renewal(token, row, now));
      if (decision.to && sessionMachine.isFinal(decision.to)) changes.endedAt = now;
      if (decision.to && decision.to !== row.state) {
        const moved = await sessionMachine.write(
          em,
          TaSession,
          { sessionId: row.sessionId },
          'state',
          row.state,
          decision.to,
          changes,
        );
        if (!moved) throw unexpectedStep(row.state);
      } else if (Object.keys(changes).length > 0) {
        await em.update(TaSession, { sessionId: row.sessionId }, changes as QueryDeepPartialEntity<TaSession>);
      }
      const after = { ...row, ...changes, state: decision.to ?? row.state };
      for (const [i, event] of events.entries()) await this.record(after, event, row.eventCount + i + 1);
      return {
        answer: { sessionId: row.sessionId, attributes: decision.attributes ?? {}, token },
        failure: decision.failure,
        settle: decision.afterCommit,
      };
    });
    if (ended === 'EXPIRED') {
      await this.expire(handle.session.sessionId);
      throw sessionExpired();
    }
    if (failure) throw failure;
    if (settle) Object.assign(answer!.attributes, await settle());
    return answer!;
  }

  /**
   * Ends an open session as EXPIRED, with its event, if it is past its deadline (whoever comes
   * first: a request or the expiry job); the approval method withdraws its code.
   */
  async expire(sessionId: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, TaSession, { sessionId });
      if (!row || sessionMachine.isFinal(row.state) || !this.isPastDeadline(row)) return false;
      const now = this.clock.now();
      const eventCount = row.eventCount + 1;
      await sessionMachine.write(em, TaSession, { sessionId }, 'state', row.state, 'EXPIRED', {
        endedAt: now,
        eventCount,
      });
      await this.record({ ...row, state: 'EXPIRED' }, { type: 'expired', data: { from: row.state } }, eventCount);
      await this.endApproval(toSessionView({ ...row, state: 'EXPIRED', endedAt: now }));
      return true;
    });
  }

  /** Lets the session's approval method withdraw what is live (its code, its push approval). */
  async endApproval(session: SessionView): Promise<void> {
    if (session.method) await this.methods.find(session.method)?.end(session);
  }

  /** Ids of open sessions past their deadline (the expiry job's batch). */
  async pastDeadline(limit: number): Promise<string[]> {
    const rows = await this.transactions.repository(TaSession).find({
      select: { sessionId: true },
      where: { state: In(OPEN_STATES), expiresAt: LessThanOrEqual(this.clock.now()) },
      order: { expiresAt: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.sessionId);
  }

  async find(sessionId: string): Promise<SessionView | null> {
    if (!/^\d{18}$/.test(sessionId)) return null;
    const row = await this.transactions.repository(TaSession).findOneBy({ sessionId });
    return row ? toSessionView(row) : null;
  }

  /** The session's audit events in the order they happened (their `seq`). */
  async events(sessionId: string): Promise<AuditEventView[]> {
    const page = await this.audit.list({ subjectType: SESSION_SUBJECT, subjectId: sessionId, page: 0, size: 500 });
    return page.items.sort((a, b) => Number(a.data.seq) - Number(b.data.seq));
  }

  private renewal(token: string, row: TaSession, now: Date): Partial<TaSession> {
    return { tokenHash: this.hashToken(token), lastActivityAt: now, expiresAt: this.deadline(row.createdAt, now) };
  }

  private deadline(createdAt: Date, lastActivityAt: Date): Date {
    const idle = lastActivityAt.getTime() + this.config.sessionIdleSeconds * 1000;
    const absolute = createdAt.getTime() + this.config.sessionMaxSeconds * 1000;
    return new Date(Math.min(idle, absolute));
  }

  private isPastDeadline(row: TaSession): boolean {
    return !sessionMachine.isFinal(row.state) && row.expiresAt.getTime() <= this.clock.now().getTime();
  }

  private hashToken(token: string): string {
    return this.hasher.hash(TOKEN_HASH_PURPOSE, token);
  }

  /** One audit event; `seq` orders a session's events (several may share a millisecond). */
  private async record(
    row: Pick<TaSession, 'sessionId' | 'clientId' | 'userId' | 'flowId' | 'state'>,
    event: SessionEvent,
    seq: number,
  ) {
    await this.audit.record({
      type: `transaction-approval.${event.type}`,
      userId: row.userId ?? undefined,
      subjectType: SESSION_SUBJECT,
      subjectId: row.sessionId,
      clientId: row.clientId,
      data: { seq, flowId: row.flowId, state: row.state, ...event.data },
    });
    this.logger.log({ sessionId: row.sessionId, event: event.type, state: row.state }, 'Transaction approval session');
  }
}

export function sessionNotFound(): TransactionApprovalError {
  return new TransactionApprovalError('SESSION_NOT_FOUND', 'No such session.');
}

export function sessionExpired(): TransactionApprovalError {
  return new TransactionApprovalError('SESSION_EXPIRED', 'The session has expired.');
}

export function unexpectedStep(state: SessionState): TransactionApprovalError {
  return new TransactionApprovalError('UNEXPECTED_STEP', "This call does not fit the session's next step.", {
    nextStep: nextStepOf(state),
  });
}
