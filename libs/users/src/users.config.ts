import { ENV, Env, EnvReader } from '@app/core';

/** Lockout of the user directory's password check. */
export class UsersConfig {
  /** Consecutive failed authentications of any factor that lock a user (PSD2 RTS: at most 5). */
  readonly maxFailedAttempts: number;
  /** How long such a lock lasts. */
  readonly lockSeconds: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.maxFailedAttempts = read.int('USER_MAX_FAILED_ATTEMPTS', 5, { min: 1, max: 100 });
    this.lockSeconds = read.int('USER_LOCK_SECONDS', 900, { min: 1, max: 365 * 24 * 3600 });
  }
}

export const usersConfigProvider = {
  provide: UsersConfig,
  inject: [ENV],
  useFactory: (env: Env) => new UsersConfig(env),
};
