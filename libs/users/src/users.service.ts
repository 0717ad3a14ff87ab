import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, Transactions, findOneForUpdate } from '@app/core';
import { PasswordHasher } from './password-hasher';
import { UserIdentity } from './user.entity';
import { PasswordCheckResult, UserView, toUserView } from './user.view';
import { UsersConfig } from './users.config';

/** Lookup and password check of the user directory: what the authentication APIs use. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserIdentity) private readonly users: Repository<UserIdentity>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly config: UsersConfig,
  ) {}

  async findByUsername(organizationId: string, username: string): Promise<UserView | null> {
    if (organizationId.length > 64 || username.length > 64) return null;
    const user = await this.users.findOneBy({ organizationId, username });
    return user ? toUserView(user) : null;
  }

  async findById(userId: string): Promise<UserView | null> {
    if (userId.length > 30) return null;
    const user = await this.users.findOneBy({ userId });
    return user ? toUserView(user) : null;
  }

  /**
   * Checks a password and counts consecutive failures: the failure that reaches
   * USER_MAX_FAILED_ATTEMPTS locks the user for USER_LOCK_SECONDS (and answers LOCKED);
   * a success resets the count; an expired lock starts a fresh count. The slow hash runs
   * outside the transaction; the count is updated with the row locked, so concurrent checks
   * never lose a failure.
   */
  async verifyPassword(userId: string, password: string): Promise<PasswordCheckResult> {
    const user = userId.length <= 30 ? await this.users.findOneBy({ userId }) : null;
    if (!user) {
      await this.hasher.burn(password);
      return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts };
    }
    if (user.accountStatus !== 'ACTIVE') return { result: 'NOT_ACTIVE' };
    if (this.isLocked(user)) return { result: 'LOCKED', lockedUntil: user.lockedUntil! };

    const valid = await this.hasher.matches(user.passwordHash, password);
    const result = await this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, UserIdentity, { userId });
      if (!row) return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts } as const;
      if (row.accountStatus !== 'ACTIVE') return { result: 'NOT_ACTIVE' } as const;
      if (this.isLocked(row)) return { result: 'LOCKED', lockedUntil: row.lockedUntil! } as const;
      const now = this.clock.now();
      if (row.lockedUntil) {
        row.lockedUntil = null; // lock expired: a fresh count
        row.failedAttempts = 0;
      }
      if (valid) {
        row.failedAttempts = 0;
      } else {
        row.failedAttempts += 1;
        if (row.failedAttempts >= this.config.maxFailedAttempts) {
          row.lockedUntil = new Date(now.getTime() + this.config.lockSeconds * 1000);
        }
      }
      await em.update(
        UserIdentity,
        { userId },
        { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil, updatedAt: now },
      );
      if (valid) return { result: 'VALID', user: toUserView(row) } as const;
      if (row.lockedUntil) return { result: 'LOCKED', lockedUntil: row.lockedUntil } as const;
      return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts - row.failedAttempts } as const;
    });
    if (result.result === 'LOCKED' && !valid) this.logger.warn({ userId }, 'User locked after failed password checks');
    return result;
  }

  private isLocked(user: UserIdentity): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > this.clock.now().getTime();
  }
}
