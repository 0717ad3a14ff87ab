import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@app/core';
import { UserView, UsersService } from '@app/users';
import { DataAdapterConfig } from '../data-adapter.config';
import { decryptPassword } from '../password/password-decryption';
import { SimulatedLockout } from '../unknown-users/simulated-lockout.service';

export interface DaUserDetail {
  id: string | null;
  givenName: string | null;
  familyName: string | null;
  organizationId: string | null;
  accountStatus: 'ACTIVE' | 'NOT_ACTIVE' | null;
}

export interface DaPasswordCheck {
  authenticationResult: 'SUCCEEDED' | 'FAILED';
  userDetail: DaUserDetail | null;
  errorMessage: string | null;
  remainingAttempts: number | null;
  showRemainingAttempts: boolean;
  accountStatus: 'ACTIVE' | 'NOT_ACTIVE' | null;
}

export interface PasswordInput {
  userId: string;
  organizationId: string | null | undefined;
  password: string | null | undefined;
  passwordProtection: string | null | undefined;
  cipherTransformation: string | null | undefined;
}

const FAILED = 'login.authenticationFailed';

/** User lookup, password authentication and user detail over the user directory. */
@Injectable()
export class DataAdapterUsersService {
  private readonly logger = new Logger(DataAdapterUsersService.name);

  constructor(
    private readonly users: UsersService,
    private readonly config: DataAdapterConfig,
    private readonly simulated: SimulatedLockout,
  ) {}

  /** Unknown users get a null id (or USER_NOT_FOUND when configured) so usernames cannot be probed. */
  async lookup(organizationId: string, username: string): Promise<DaUserDetail> {
    const user = await this.users.findByUsername(organizationId, username);
    if (user) return detailOf(user);
    if (this.config.unknownUserLookup === 'USER_NOT_FOUND') throw userNotFound();
    return { id: null, givenName: null, familyName: null, organizationId: null, accountStatus: 'NOT_ACTIVE' };
  }

  async info(userId: string | null | undefined, organizationId: string | null | undefined): Promise<DaUserDetail> {
    const user = typeof userId === 'string' && userId !== '' ? await this.users.findById(userId) : null;
    if (!user || (organizationId && organizationId !== user.organizationId)) throw userNotFound();
    return detailOf(user);
  }

  async findActive(userId: string, organizationId: string | null | undefined): Promise<UserView | null> {
    const user = await this.users.findById(userId);
    if (!user || user.accountStatus !== 'ACTIVE') return null;
    if (organizationId && organizationId !== user.organizationId) return null;
    return user;
  }

  /**
   * Password check with the directory's lockout. Nothing in the answer tells a known user from an
   * unknown one: a user id the directory lacks, or has in another organization, answers like an
   * active user with a wrong password, counting down and locking through SimulatedLockout; a
   * password that cannot be decrypted is checked as a wrong password (and counts).
   * `resetFailures: false` for a step with a second factor: the count resets only once both passed.
   */
  async checkPassword(input: PasswordInput, options: { resetFailures?: boolean } = {}): Promise<DaPasswordCheck> {
    const password = this.reveal(input) ?? unmatchable();
    const user = await this.users.findById(input.userId);
    const known = !!user && (!input.organizationId || input.organizationId === user.organizationId);
    const check = known
      ? await this.users.verifyPassword(user.userId, password, options)
      : await this.simulate(input.organizationId, input.userId, password);
    this.logger.log({ userId: input.userId, result: check.result }, 'Password checked');
    switch (check.result) {
      case 'VALID':
        return {
          authenticationResult: 'SUCCEEDED',
          userDetail: { ...detailOf(check.user), organizationId: input.organizationId ?? check.user.organizationId },
          errorMessage: null,
          remainingAttempts: null,
          showRemainingAttempts: false,
          accountStatus: 'ACTIVE',
        };
      case 'INVALID':
        return {
          ...failed('ACTIVE'),
          remainingAttempts: check.remainingAttempts,
          showRemainingAttempts: true,
        };
      case 'LOCKED':
        return {
          ...failed('ACTIVE'),
          errorMessage: 'login.authenticationBlocked',
          remainingAttempts: 0,
          showRemainingAttempts: true,
        };
      default:
        return failed('NOT_ACTIVE');
    }
  }

  /** An unknown user: the same hashing work as a real check (the directory burns it), a simulated count. */
  private async simulate(organizationId: string | null | undefined, userId: string, password: string) {
    await this.users.verifyPassword(NO_SUCH_USER, password);
    return this.simulated.recordFailure(organizationId, userId);
  }

  private reveal(input: PasswordInput): string | null {
    if (typeof input.password !== 'string' || input.password === '') return null;
    const protection = input.passwordProtection ?? 'NO_PROTECTION';
    if (protection === 'NO_PROTECTION') return input.password;
    if (protection !== 'PASSWORD_ENCRYPTION_AES' || !this.config.passwordEncryptionKey) {
      this.logger.warn({ userId: input.userId, protection }, 'Protected password rejected: no key configured');
      return null;
    }
    const password = decryptPassword(input.password, this.config.passwordEncryptionKey, input.cipherTransformation);
    if (password === null) this.logger.warn({ userId: input.userId }, 'Protected password could not be decrypted');
    return password;
  }
}

export function detailOf(user: UserView): DaUserDetail {
  return {
    id: user.userId,
    givenName: user.givenName,
    familyName: user.familyName,
    organizationId: user.organizationId,
    accountStatus: user.accountStatus,
  };
}

function failed(accountStatus: 'ACTIVE' | 'NOT_ACTIVE' | null): DaPasswordCheck {
  return {
    authenticationResult: 'FAILED',
    userDetail: null,
    errorMessage: FAILED,
    remainingAttempts: null,
    showRemainingAttempts: false,
    accountStatus,
  };
}

/** A user id no directory row can have (the directory's ids are at most 30 characters of text). */
const NO_SUCH_USER = '\u0000'.repeat(31);

/** A password no hash matches: an undecryptable one is checked (and counted) as wrong. */
const unmatchable = () => `\u0000${randomBytes(32).toString('hex')}`;

function userNotFound(): DomainError {
  return new DomainError('USER_NOT_FOUND', 'login.userNotFound');
}
