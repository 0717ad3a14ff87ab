import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { EntityManager } from 'typeorm';
import { Clock, Table, Transactions } from '@app/core';
import { UserIdentity } from './user.entity';
import { UsersConfig } from './users.config';

/** Every way a user proves who they are; a failure of any of them counts against one budget. */
export type AuthFactor = 'PASSWORD' | 'SMS' | 'EMAIL' | 'TOTP' | 'OCRA' | 'PUSH';

export interface FailureResult {
  locked: boolean;
  lockedUntil: Date | null;
  /** Failures left before the lock (0 when locked). */
  remaining: number;
}

export interface LockState {
  locked: boolean;
  lockedUntil: Date | null;
}

/** One attempt's view of the user's failures; see `UserFailures.lockForAttempt`. */
export interface UserAttempt extends LockState {
  recordFailure(factor: AuthFactor): Promise<FailureResult>;
  recordSuccess(): Promise<void>;
}

/**
 * Consecutive authentication failures per user across every factor (password, any code, TOTP,
 * OCRA, push deny): the failure that reaches USER_MAX_FAILED_ATTEMPTS locks the user for
 * USER_LOCK_SECONDS (PSD2 RTS Art. 4(3)(b): at most 5 consecutive failures); a success resets
 * the count; after a lock ends a fresh count starts. Each call joins the caller's transaction
 * and locks the user row, so concurrent failures are never lost; a lock is an audit event
 * (`user.locked`, with the factor that caused it). Unknown users are not counted.
 */
@Injectable()
export class UserFailures {
  private readonly logger = new Logger(UserFailures.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: UsersConfig,
  ) {}

  recordFailure(userId: string, factor: AuthFactor): Promise<FailureResult> {
    return this.transactions.run(async (em) => this.failureOf(em, await this.rowOf(em, userId, true), factor));
  }

  /** A successful authentication: the count starts again (a current lock stays). */
  recordSuccess(userId: string): Promise<void> {
    return this.transactions.run(async (em) => this.successOf(em, await this.rowOf(em, userId, true)));
  }

  /** Whether the user is locked now (unknown users never are). */
  async lockState(userId: string): Promise<LockState> {
    return this.stateOf(await this.rowOf(this.transactions.manager(), userId, false));
  }

  /**
   * For one attempt inside the caller's transaction: the lock state, read with the user row
   * locked until the transaction ends, and the recording of the attempt's outcome on that same
   * row (what `recordFailure` / `recordSuccess` would have read again).
   */
  async lockForAttempt(userId: string): Promise<UserAttempt> {
    if (!this.transactions.inTransaction) throw new Error('UserFailures.lockForAttempt runs inside a transaction');
    const em = this.transactions.manager();
    const row = await this.rowOf(em, userId, true);
    return {
      ...this.stateOf(row),
      recordFailure: (factor) => this.failureOf(em, row, factor),
      recordSuccess: () => this.successOf(em, row),
    };
  }

  /** The user's row (locked until the transaction ends with `lock`); null for ids no user can have. */
  private rowOf(em: EntityManager, userId: string, lock: boolean): Promise<UserIdentity | null> {
    return userId.length <= 30 ? Table.of(em, UserIdentity).findOne(em, { userId }, { lock }) : Promise.resolve(null);
  }

  private stateOf(row: UserIdentity | null): LockState {
    const locked = row !== null && this.lockedAt(row, this.clock.now());
    return { locked, lockedUntil: locked ? row.lockedUntil : null };
  }

  /** Counts a failure on the locked row (kept up to date, so a second call counts on from it). */
  private async failureOf(em: EntityManager, row: UserIdentity | null, factor: AuthFactor): Promise<FailureResult> {
    if (!row) return { locked: false, lockedUntil: null, remaining: this.config.maxFailedAttempts };
    const { userId } = row;
    const now = this.clock.now();
    if (this.lockedAt(row, now)) return { locked: true, lockedUntil: row.lockedUntil, remaining: 0 };
    let failedAttempts = row.lockedUntil ? 1 : row.failedAttempts + 1; // an ended lock: a fresh count
    let lockedUntil: Date | null = null;
    if (failedAttempts >= this.config.maxFailedAttempts) {
      lockedUntil = new Date(now.getTime() + this.config.lockSeconds * 1000);
      failedAttempts = this.config.maxFailedAttempts;
    }
    await this.store(em, row, { failedAttempts, lockedUntil, updatedAt: now });
    if (lockedUntil) {
      this.logger.warn({ userId, factor }, 'User locked after consecutive failed authentications');
      await this.audit.record({
        type: 'user.locked',
        userId,
        subjectType: 'user',
        subjectId: userId,
        data: { factor, failures: failedAttempts, lockedUntil: lockedUntil.toISOString() },
      });
    }
    return {
      locked: lockedUntil !== null,
      lockedUntil,
      remaining: this.config.maxFailedAttempts - failedAttempts,
    };
  }

  private async successOf(em: EntityManager, row: UserIdentity | null): Promise<void> {
    if (!row) return;
    const now = this.clock.now();
    if (this.lockedAt(row, now) || (row.failedAttempts === 0 && row.lockedUntil === null)) return;
    await this.store(em, row, { failedAttempts: 0, lockedUntil: null, updatedAt: now });
  }

  private async store(
    em: EntityManager,
    row: UserIdentity,
    changes: Pick<UserIdentity, 'failedAttempts' | 'lockedUntil' | 'updatedAt'>,
  ): Promise<void> {
    await Table.of(em, UserIdentity).update(em, { userId: row.userId }, changes);
    Object.assign(row, changes);
  }

  private lockedAt(row: UserIdentity, now: Date): boolean {
    return row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime();
  }
}
