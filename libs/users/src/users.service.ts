import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, Table, Transactions, findOneForUpdate } from '@app/core';
import { PasswordHasher } from './password-hasher';
import { UserFailures } from './user-failures.service';
import { UserIdentity } from './user.entity';
import { PasswordCheckResult, UserView, toUserView } from './user.view';
import { UsersConfig } from './users.config';

/** Lookup and password check of the user directory: what the authentication APIs use. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserIdentity) private readonly users: Repository<UserIdentity>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly failures: UserFailures,
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
    const em = this.users.manager;
    const user = await Table.of(em, UserIdentity).findOne(em, { userId });
    return user ? toUserView(user) : null;
  }

  /**
   * Checks a password. A failure counts in the user's consecutive failures across every factor
   * (UserFailures): the one that reaches USER_MAX_FAILED_ATTEMPTS locks the user (and answers
   * LOCKED); a success resets the count unless `resetFailures` is false (a step with a second
   * factor resets only once both passed). The slow hash runs outside the transaction; the count
   * is updated with the row locked, so concurrent checks never lose a failure.
   */
  async verifyPassword(
    userId: string,
    password: string,
    options: { resetFailures?: boolean } = {},
  ): Promise<PasswordCheckResult> {
    const user = userId.length <= 30 ? await this.users.findOneBy({ userId }) : null;
    if (!user) {
      await this.hasher.burn(password);
      return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts };
    }
    if (user.accountStatus !== 'ACTIVE') return { result: 'NOT_ACTIVE' };
    if (this.isLocked(user)) return { result: 'LOCKED', lockedUntil: user.lockedUntil! };

    const valid = await this.hasher.matches(user.passwordHash, password);
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, UserIdentity, { userId });
      if (!row) return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts } as const;
      if (row.accountStatus !== 'ACTIVE') return { result: 'NOT_ACTIVE' } as const;
      if (this.isLocked(row)) return { result: 'LOCKED', lockedUntil: row.lockedUntil! } as const;
      if (valid) {
        if (options.resetFailures !== false) await this.failures.recordSuccess(userId);
        return { result: 'VALID', user: toUserView(row) } as const;
      }
      const failure = await this.failures.recordFailure(userId, 'PASSWORD');
      if (failure.locked) return { result: 'LOCKED', lockedUntil: failure.lockedUntil! } as const;
      return { result: 'INVALID', remainingAttempts: failure.remaining } as const;
    });
  }

  private isLocked(user: UserIdentity): boolean {
    return user.lockedUntil !== null && user.lockedUntil.getTime() > this.clock.now().getTime();
  }
}
