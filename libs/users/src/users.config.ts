import { ENV, Env, EnvReader } from '@app/core';

/** Lockout of the user directory's password check, and its argon2id cost. */
export class UsersConfig {
  /** Consecutive failed authentications of any factor that lock a user (PSD2 RTS: at most 5). */
  readonly maxFailedAttempts: number;
  /** How long such a lock lasts. */
  readonly lockSeconds: number;
  /**
   * argon2id parameters of new hashes (OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1).
   * Stored hashes carry their own parameters, so hashes made with other values keep verifying.
   */
  readonly passwordHash: { memoryKib: number; timeCost: number; parallelism: number };
  /** Hashes computed at once; more wait their turn. Peak memory ≈ this × memoryKib. */
  readonly passwordHashConcurrency: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.maxFailedAttempts = read.int('USER_MAX_FAILED_ATTEMPTS', 5, { min: 1, max: 100 });
    this.lockSeconds = read.int('USER_LOCK_SECONDS', 900, { min: 1, max: 365 * 24 * 3600 });
    this.passwordHash = {
      memoryKib: read.int('PASSWORD_HASH_MEMORY_KIB', 19_456, { min: 7_168, max: 1_048_576 }),
      timeCost: read.int('PASSWORD_HASH_TIME_COST', 2, { min: 1, max: 20 }),
      parallelism: read.int('PASSWORD_HASH_PARALLELISM', 1, { min: 1, max: 16 }),
    };
    this.passwordHashConcurrency = read.int('PASSWORD_HASH_CONCURRENCY', 2, { min: 1, max: 64 });
  }
}

export const usersConfigProvider = {
  provide: UsersConfig,
  inject: [ENV],
  useFactory: (env: Env) => new UsersConfig(env),
};
