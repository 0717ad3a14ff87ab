import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, Transactions, findOneForUpdate } from '@app/core';
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
    return this.transactions.run(async (em) => {
      const row = userId.length <= 30 ? await findOneForUpdate(em, UserIdentity, { userId }) : null;
      if (!row) return { locked: false, lockedUntil: null, remaining: this.config.maxFailedAttempts };
      const now = this.clock.now();
      if (this.lockedAt(row, now)) return { locked: true, lockedUntil: row.lockedUntil, remaining: 0 };
      let failedAttempts = row.lockedUntil ? 1 : row.failedAttempts + 1; // an ended lock: a fresh count
      let lockedUntil: Date | null = null;
      if (failedAttempts >= this.config.maxFailedAttempts) {
        lockedUntil = new Date(now.getTime() + this.config.lockSeconds * 1000);
        failedAttempts = this.config.maxFailedAttempts;
      }
      await em.update(UserIdentity, { userId }, { failedAttempts, lockedUntil, updatedAt: now });
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
    });
  }

  /** A successful authentication: the count starts again (a current lock stays). */
  recordSuccess(userId: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const row = userId.length <= 30 ? await findOneForUpdate(em, UserIdentity, { userId }) : null;
      if (!row) return;
      const now = this.clock.now();
      if (this.lockedAt(row, now) || (row.failedAttempts === 0 && row.lockedUntil === null)) return;
      await em.update(UserIdentity, { userId }, { failedAttempts: 0, lockedUntil: null, updatedAt: now });
    });
  }

  /** Whether the user is locked now (unknown users never are). */
  async lockState(userId: string): Promise<LockState> {
    const row =
      userId.length <= 30 ? await this.transactions.manager().findOne(UserIdentity, { where: { userId } }) : null;
    const locked = row !== null && this.lockedAt(row, this.clock.now());
    return { locked, lockedUntil: locked ? row.lockedUntil : null };
  }

  private lockedAt(row: UserIdentity, now: Date): boolean {
    return row.lockedUntil !== null && row.lockedUntil.getTime() > now.getTime();
  }
}
