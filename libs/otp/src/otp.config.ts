import { Env, EnvReader } from '@app/core';

/** SMS authorization code settings (defaults as the sample adapter and PSD2 RTS). */
export class OtpConfig {
  /** Lifetime of a code. */
  readonly smsExpirationSeconds: number;
  /** Verification attempts per code; the next one fails even with the right code. */
  readonly smsMaxVerifyAttempts: number;
  /** Codes that may replace the first one for an operation. */
  readonly smsMaxResends: number;
  /** Minimum time between two codes of one operation. */
  readonly smsResendDelaySeconds: number;
  /** How long an expired code's row (hashes, attempts, outcome) is kept before the cleanup job deletes it. */
  readonly smsRetentionSeconds: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.smsExpirationSeconds = read.int('OTP_SMS_EXPIRATION_SECONDS', 300, { min: 30, max: 3600 });
    this.smsMaxVerifyAttempts = read.int('OTP_SMS_MAX_VERIFY_ATTEMPTS', 5, { min: 1, max: 10 });
    this.smsMaxResends = read.int('OTP_SMS_MAX_RESENDS', 3, { min: 0, max: 10 });
    this.smsResendDelaySeconds = read.int('OTP_SMS_RESEND_DELAY_SECONDS', 60, { min: 0, max: 3600 });
    this.smsRetentionSeconds = read.int('OTP_SMS_RETENTION_SECONDS', 86_400, { min: 0, max: 366 * 86_400 });
  }
}
