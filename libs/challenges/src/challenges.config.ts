import { ENV, Env, EnvReader } from '@app/core';

/** Limits that hold across every purpose and chain (a chain's own limits come with each issue). */
export class ChallengesConfig {
  /** Challenges sent (SMS, e-mail) to one user within any hour. */
  readonly maxPerUserPerHour: number;
  /** Challenges sent to one phone number or e-mail address within any hour. */
  readonly maxPerRecipientPerHour: number;
  /** How long a challenge's row is kept after it expired (at least the rate-limit hour). */
  readonly retentionSeconds: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.maxPerUserPerHour = read.int('CHALLENGE_MAX_PER_USER_PER_HOUR', 10, { min: 1, max: 10_000 });
    this.maxPerRecipientPerHour = read.int('CHALLENGE_MAX_PER_RECIPIENT_PER_HOUR', 10, { min: 1, max: 10_000 });
    // OTP_SMS_RETENTION_SECONDS is the setting's earlier name (libs/otp), still honoured.
    const legacy = read.int('OTP_SMS_RETENTION_SECONDS', 86_400, { min: 3600, max: 366 * 86_400 });
    this.retentionSeconds = read.int('CHALLENGE_RETENTION_SECONDS', legacy, { min: 3600, max: 366 * 86_400 });
  }
}

export const challengesConfigProvider = {
  provide: ChallengesConfig,
  inject: [ENV],
  useFactory: (env: Env) => new ChallengesConfig(env),
};
