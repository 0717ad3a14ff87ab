import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, ConfigCache, DomainError, Table, Transactions } from '@app/core';
import { AuthMethodEntry } from './auth-method.entity';
import { AuthMethodRecord, toAuthMethodRecord } from './auth-method.record';
import { UserAuthMethod } from './user-auth-method.entity';

export type AuthMethodConfig = Record<string, string>;

/** The method whose use depends on the user's activation of the mobile token. */
const MOBILE_TOKEN_METHOD = 'POWERAUTH_TOKEN';

/** A method a user may use now, with the user's configuration of it. */
export interface EnabledAuthMethod {
  entry: AuthMethodRecord;
  config: AuthMethodConfig | null;
}

/** What the catalogue refuses; each API words it in its dialect's code mapping. */
export type AuthMethodErrorCode = 'AUTH_METHOD_NOT_FOUND' | 'AUTH_METHOD_ALWAYS_ENABLED' | 'AUTH_METHOD_CONFIG_INVALID';

export class AuthMethodError extends DomainError<AuthMethodErrorCode> {}

/**
 * The catalogue is cached (ConfigCache): every change through here bumps the config version in
 * its transaction, so it applies to the next request on every replica. Per-user settings are
 * always read from the database.
 */
@Injectable()
export class AuthMethodsService {
  private readonly logger = new Logger(AuthMethodsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly cache: ConfigCache,
  ) {}

  /**
   * The catalogue in order, read in the caller's transaction when there is one; its entries are
   * shared and read-only (copy one before changing it).
   */
  async catalogue(): Promise<AuthMethodRecord[]> {
    const entries = await this.cache.get('auth-methods', async () =>
      (
        await this.transactions.repository(AuthMethodEntry).find({ order: { orderNumber: 'ASC', authMethod: 'ASC' } })
      ).map(toAuthMethodRecord),
    );
    return [...entries];
  }

  async require(authMethod: string): Promise<AuthMethodRecord> {
    const entry = (await this.catalogue()).find((m) => m.authMethod === authMethod);
    if (!entry) throw new AuthMethodError('AUTH_METHOD_NOT_FOUND', `The catalogue has no method ${authMethod}.`);
    return entry;
  }

  /**
   * Methods enabled for a user, in catalogue order. Methods without user preferences are always
   * enabled; prefs-controlled ones follow the user's setting, or their default when unset.
   * Without a user only defaults apply.
   */
  async enabledFor(userId: string | null): Promise<EnabledAuthMethod[]> {
    const catalogue = await this.catalogue();
    // one plain statement: building it through the query builder cost more CPU than the read (issue 13)
    const em = this.transactions.manager();
    const settings = userId ? await Table.of(em, UserAuthMethod).find(em, { userId }) : [];
    const byMethod = new Map(settings.map((s) => [s.authMethod, s]));
    return catalogue.flatMap((entry) => {
      const own = byMethod.get(entry.authMethod);
      const enabled = !entry.checkUserPrefs || (own ? own.enabled : entry.userPrefsDefault);
      return enabled ? [{ entry, config: own?.enabled ? (own.config ?? null) : null }] : [];
    });
  }

  /**
   * Whether a user's own settings can change which of `methods` are enabled for them
   * (`enabledFor`) or whether they can use it in the mobile token: a prefs-controlled method, one
   * the catalogue lacks (enabled for nobody), or POWERAUTH_TOKEN (the activation is the user's).
   * When not, every one of them is enabled for every user, and their settings need no read.
   */
  async userSettingsMatter(methods: readonly string[]): Promise<boolean> {
    if (methods.length === 0) return false;
    const catalogue = await this.catalogue();
    return methods.some((method) => {
      const entry = catalogue.find((m) => m.authMethod === method);
      return !entry || entry.checkUserPrefs || method === MOBILE_TOKEN_METHOD;
    });
  }

  /** Whether the user can complete steps in the mobile token: POWERAUTH_TOKEN enabled with an activation. */
  static hasActiveMobileToken(enabled: EnabledAuthMethod[]): boolean {
    return enabled.some(
      (m) => m.entry.authMethod === MOBILE_TOKEN_METHOD && m.entry.hasMobileToken && !!m.config?.activationId,
    );
  }

  /** Enables a method for a user and stores its configuration (replacing the previous one). */
  async enable(userId: string, authMethod: string, config: AuthMethodConfig | null): Promise<EnabledAuthMethod[]> {
    assertConfig(config);
    return this.transactions.run(async (em) => {
      await this.require(authMethod);
      await this.save(em, userId, authMethod, true, config);
      this.logger.log({ userId, authMethod }, 'Auth method enabled for user');
      return this.enabledFor(userId);
    });
  }

  /** Disables a prefs-controlled method; its configuration (e.g. the activation) is dropped, others are kept. */
  async disable(userId: string, authMethod: string): Promise<EnabledAuthMethod[]> {
    return this.transactions.run(async (em) => {
      const entry = await this.require(authMethod);
      if (!entry.checkUserPrefs) {
        throw new AuthMethodError(
          'AUTH_METHOD_ALWAYS_ENABLED',
          `Authentication method ${authMethod} cannot be disabled.`,
        );
      }
      await this.save(em, userId, authMethod, false, null);
      this.logger.log({ userId, authMethod }, 'Auth method disabled for user');
      return this.enabledFor(userId);
    });
  }

  private async save(
    em: EntityManager,
    userId: string,
    authMethod: string,
    enabled: boolean,
    config: AuthMethodConfig | null,
  ): Promise<void> {
    // one statement (INSERT … ON DUPLICATE KEY / ON CONFLICT UPDATE): parallel enables of one
    // method for a new user all succeed, where find-then-insert let all but one hit the key
    await em
      .getRepository(UserAuthMethod)
      .upsert({ userId, authMethod, enabled, config, updatedAt: this.clock.now() }, ['userId', 'authMethod']);
  }

  /** Admin: creates or replaces a catalogue entry. */
  saveEntry(entry: AuthMethodRecord): Promise<AuthMethodRecord> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      const repository = em.getRepository(AuthMethodEntry);
      return toAuthMethodRecord(await repository.save(repository.create(entry)));
    });
  }

  /** Admin: removes a catalogue entry that no step definition refers to (checked by the caller). */
  async deleteEntry(authMethod: string): Promise<void> {
    await this.transactions.run(async (em) => {
      await this.cache.changed();
      await this.require(authMethod);
      await em.getRepository(UserAuthMethod).delete({ authMethod });
      await em.getRepository(AuthMethodEntry).delete({ authMethod });
    });
  }
}

/** A method configuration is a small map of strings, e.g. {"activationId": "…"}. */
export function isAuthMethodConfig(config: unknown): config is AuthMethodConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return false;
  const entries = Object.entries(config);
  return (
    entries.length <= 20 &&
    entries.every(([k, v]) => k.length > 0 && k.length <= 64 && typeof v === 'string' && v.length <= 256)
  );
}

function assertConfig(config: AuthMethodConfig | null): void {
  if (config !== null && !isAuthMethodConfig(config)) {
    throw new AuthMethodError('AUTH_METHOD_CONFIG_INVALID', 'config must map names to strings.');
  }
}
