import { Injectable, Logger } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { Clock, Transactions, findOneForUpdate } from '@app/core';
import { UserIdentity } from './user.entity';
import { UsersConfig } from './users.config';

export interface FailureCount {
  locked: boolean;
  lockedUntil: Date | null;
  remaining: number;
}

/**
 * One count of consecutive failed authentications per user, across every factor (password,
 * OTP, TOTP): the USER_MAX_FAILED_ATTEMPTS-th locks the user for USER_LOCK_SECONDS (PSD2 RTS
 * Art. 4(3)(b): at most five). The row is locked while counting, so no failure is lost.
 */
@Injectable()
export class UserFailures {
  private readonly logger = new Logger(UserFailures.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: UsersConfig,
  ) {}

  async recordFailure(userId: string, factor: string): Promise<FailureCount> {
    const result = await this.transactions.run(async (em) => {
      const row = userId.length <= 30 ? await findOneForUpdate(em, UserIdentity, { userId }) : null;
      if (!row) return { locked: false, lockedUntil: null, remaining: this.config.maxFailedAttempts };
      const now = this.clock.now();
      if (row.lockedUntil && row.lockedUntil.getTime() > now.getTime()) {
        return { locked: true, lockedUntil: row.lockedUntil, remaining: 0 };
      }
      const failedAttempts = (row.lockedUntil ? 0 : row.failedAttempts) + 1;
      const lockedUntil =
        failedAttempts >= this.config.maxFailedAttempts
          ? new Date(now.getTime() + this.config.lockSeconds * 1000)
          : null;
      await em.update(UserIdentity, { userId }, { failedAttempts, lockedUntil, updatedAt: now });
      return {
        locked: lockedUntil !== null,
        lockedUntil,
        remaining: Math.max(0, this.config.maxFailedAttempts - failedAttempts),
      };
    });
    if (result.locked) this.logger.warn({ userId, factor }, 'User locked after failed authentications');
    return result;
  }

  async recordSuccess(userId: string): Promise<void> {
    await this.transactions.run((em) =>
      em.update(
        UserIdentity,
        { userId, failedAttempts: MoreThan(0) },
        { failedAttempts: 0, updatedAt: this.clock.now() },
      ),
    );
  }
}
