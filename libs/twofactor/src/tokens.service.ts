import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Clock, KeyedHasher, Transactions } from '@app/core';
import { RolesService, UserAccess, UserFailures, UsersService } from '@app/users';
import { TwoFactorAudit } from './twofactor-audit';
import { TwoFactorError } from './twofactor.errors';
import { TwoFactorAccessToken, UserSession } from './entities';

const SESSION_PURPOSE = 'tf-user-session';
const ACCESS_TOKEN_PURPOSE = 'tf-access-token';
/** First-factor bearer tokens live 30 minutes (twofactor-api.md §1). */
export const SESSION_SECONDS = 30 * 60;
/** The user agent is kept to its column's width. */
const USER_AGENT_CHARS = 255;

export interface IssuedSession {
  accessToken: string;
  validTo: Date;
  access: UserAccess;
}

export interface IssuedAccessToken {
  token: string;
  validFrom: Date;
  validTo: Date;
  extended: boolean;
}

/** Where a two-factor token is requested from: recorded on the token (fineract-twofactor.md §5.10). */
export interface TokenOrigin {
  /** The keyed hash of the first-factor session token the request came with. */
  sessionTokenHash: string;
  ip: string | null;
  userAgent: string | null;
}

export interface Introspection {
  active: boolean;
  userId?: string;
  validFrom?: Date;
  validTo?: Date;
  extended?: boolean;
}

/**
 * Both kinds of user token: the first-factor session token (Authorization: Bearer) and the
 * two-factor access token (Fineract-Platform-TFA-Token). Only keyed hashes are stored; each
 * token carries the user's credentialsVersion, so a password change, block or role change
 * revokes every token of the user on every replica (nothing is cached in a process).
 */
@Injectable()
export class UserTokensService {
  private readonly logger = new Logger(UserTokensService.name);

  constructor(
    @InjectRepository(UserSession) private readonly sessions: Repository<UserSession>,
    @InjectRepository(TwoFactorAccessToken) private readonly accessTokens: Repository<TwoFactorAccessToken>,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly failures: UserFailures,
    private readonly hasher: KeyedHasher,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly audit: TwoFactorAudit,
  ) {}

  /**
   * The first factor against the user directory (its lockout applies). Every failure (unknown
   * user, wrong password, locked, blocked) answers the same AUTHENTICATION_FAILED.
   *
   * A right password does not reset the user's consecutive-failure count: that count also holds
   * the wrong second-factor codes, and a login between them would otherwise let wrong codes go
   * on forever without a lock. Only a passed second factor resets it, or this login for a user
   * who holds BYPASS_TWOFACTOR (for whom the password is the whole authentication).
   */
  async authenticate(organizationId: string, username: string, password: string): Promise<IssuedSession> {
    const found = await this.users.findByUsername(organizationId, username);
    const check = await this.users.verifyPassword(found?.userId ?? '', password, { resetFailures: false });
    if (check.result !== 'VALID') {
      if (found) await this.audit.record('USER_AUTHENTICATION_FAILED', found.userId, { result: check.result });
      throw new TwoFactorError('AUTHENTICATION_FAILED', 'Invalid username or password.');
    }
    const access = await this.roles.accessOf(check.user.userId);
    if (!access) throw new TwoFactorError('AUTHENTICATION_FAILED', 'Invalid username or password.');
    const accessToken = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const validTo = new Date(now.getTime() + SESSION_SECONDS * 1000);
    await this.transactions.run(async (em) => {
      await em.insert(UserSession, {
        tokenHash: this.hasher.hash(SESSION_PURPOSE, accessToken),
        userId: access.user.userId,
        credentialsVersion: access.credentialsVersion,
        issuedAt: now,
        expiresAt: validTo,
        revokedAt: null,
      });
      if (access.permissions.includes('BYPASS_TWOFACTOR')) await this.failures.recordSuccess(access.user.userId);
      await this.audit.record('USER_AUTHENTICATED', access.user.userId, {});
    });
    return { accessToken, validTo, access };
  }

  /** The user behind a first-factor token, with current permissions; null if it is not valid now. */
  async resolveSession(accessToken: string): Promise<UserAccess | null> {
    if (accessToken.length > 200) return null;
    const session = await this.sessions.findOneBy({ tokenHash: this.sessionHash(accessToken) });
    if (!session || session.revokedAt || session.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    const access = await this.roles.accessOf(session.userId);
    if (!access || access.user.accountStatus !== 'ACTIVE') return null;
    if (access.credentialsVersion !== session.credentialsVersion) return null;
    if ((await this.failures.lockState(session.userId)).locked) return null; // locked by any factor's failures
    return access;
  }

  /** A new two-factor access token (32 hex, as the upstream's) for the user. */
  async issueAccessToken(
    access: UserAccess,
    lifetimeSeconds: number,
    extended: boolean,
    origin: TokenOrigin,
  ): Promise<IssuedAccessToken> {
    const token = randomBytes(16).toString('hex');
    const validFrom = this.clock.now();
    const validTo = new Date(validFrom.getTime() + lifetimeSeconds * 1000);
    await this.transactions.run(async (em) => {
      await em.insert(TwoFactorAccessToken, {
        tokenHash: this.hasher.hash(ACCESS_TOKEN_PURPOSE, token),
        userId: access.user.userId,
        credentialsVersion: access.credentialsVersion,
        extended,
        validFrom,
        validTo,
        revokedAt: null,
        sessionTokenHash: origin.sessionTokenHash,
        ip: origin.ip,
        userAgent: origin.userAgent === null ? null : origin.userAgent.slice(0, USER_AGENT_CHARS),
      });
      await this.audit.record('TWOFACTOR_TOKEN_ISSUED', access.user.userId, {
        extended,
        validTo: validTo.toISOString(),
      });
    });
    return { token, validFrom, validTo, extended };
  }

  /**
   * Whether `token` is a valid two-factor token of exactly this user right now. The token is
   * accepted only with a first-factor session of the same user, not bound to the session it was
   * issued in: it lives 24 h (7 days extended), the session 30 minutes.
   */
  async isValidAccessToken(access: UserAccess, token: string): Promise<boolean> {
    const row = await this.findAccessToken(token);
    return row !== null && row.userId === access.user.userId && this.isActive(row, access.credentialsVersion);
  }

  /** Revokes one of the user's own tokens (always allowed); false when it is not the user's valid token. */
  async invalidate(access: UserAccess, token: string): Promise<boolean> {
    const tokenHash = this.tokenHash(token);
    const revoked = await this.transactions.run(async (em) => {
      const result = await em.update(
        TwoFactorAccessToken,
        { tokenHash, userId: access.user.userId, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      );
      if (result.affected)
        await this.audit.record('TWOFACTOR_TOKEN_REVOKED', access.user.userId, { reason: 'INVALIDATED' });
      return Boolean(result.affected);
    });
    return revoked;
  }

  /** Ends every first-factor session of the user (after a lockout). */
  async revokeSessions(userId: string): Promise<void> {
    await this.transactions.run((em) =>
      em.update(UserSession, { userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() }),
    );
  }

  sessionHash(accessToken: string): string {
    return this.hasher.hash(SESSION_PURPOSE, accessToken);
  }

  /** For the bank's services: whether a token is active, never why not. */
  async introspect(token: string, clientId: string): Promise<Introspection> {
    const row = await this.findAccessToken(token);
    const access = row ? await this.roles.accessOf(row.userId) : null;
    const active =
      row !== null &&
      access !== null &&
      access.user.accountStatus === 'ACTIVE' &&
      this.isActive(row, access.credentialsVersion);
    if (!active) {
      await this.audit.record('TWOFACTOR_TOKEN_INTROSPECTED_INACTIVE', row?.userId ?? null, {}, clientId);
      return { active: false };
    }
    return { active: true, userId: row.userId, validFrom: row.validFrom, validTo: row.validTo, extended: row.extended };
  }

  private isActive(row: TwoFactorAccessToken, credentialsVersion: number): boolean {
    const now = this.clock.now().getTime();
    return (
      row.revokedAt === null &&
      row.validFrom.getTime() <= now &&
      now < row.validTo.getTime() &&
      row.credentialsVersion === credentialsVersion
    );
  }

  private findAccessToken(token: string): Promise<TwoFactorAccessToken | null> {
    if (token.length > 200) return Promise.resolve(null);
    return this.accessTokens.findOneBy({ tokenHash: this.tokenHash(token) });
  }

  private tokenHash(token: string): string {
    return this.hasher.hash(ACCESS_TOKEN_PURPOSE, token);
  }
}
