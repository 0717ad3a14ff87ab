import { ChallengePolicy, CodeFormat, DIGITS, VerifyOutcome } from '@app/challenges';
import { EnvReader } from '@app/core';

/** The challenge purpose of the Data Adapter's SMS authorization codes; chains are (operation id, operation name). */
export const DA_SMS_PURPOSE = 'data-adapter.sms';

/** 8 digits, as the sample adapter (spec §4.1). */
export const DA_SMS_FORMAT: CodeFormat = { alphabet: DIGITS, length: 8 };

/** OTP_SMS_* settings (defaults as the sample adapter and PSD2 RTS). */
export function readSmsPolicy(read: EnvReader): ChallengePolicy {
  return {
    lifetimeSeconds: read.int('OTP_SMS_EXPIRATION_SECONDS', 300, { min: 30, max: 3600 }),
    maxTries: read.int('OTP_SMS_MAX_VERIFY_ATTEMPTS', 5, { min: 1, max: 10 }),
    maxResends: read.int('OTP_SMS_MAX_RESENDS', 3, { min: 0, max: 10 }),
    resendSpacingSeconds: read.int('OTP_SMS_RESEND_DELAY_SECONDS', 60, { min: 0, max: 3600 }),
  };
}

export type SmsVerificationMessage =
  | 'smsAuthorization.invalidMessage'
  | 'smsAuthorization.expired'
  | 'smsAuthorization.alreadyVerified'
  | 'smsAuthorization.maxAttemptsExceeded'
  | 'smsAuthorization.failed'
  | 'login.authenticationBlocked';

export type SmsVerification =
  | { result: 'SUCCEEDED'; errorMessage: null; remainingAttempts: null }
  | { result: 'FAILED'; errorMessage: SmsVerificationMessage; remainingAttempts: number | null };

/**
 * A challenge outcome in the sample adapter's words (spec §4.4): the attempt that uses the last
 * try is still `failed` with 0 remaining, the next one `maxAttemptsExceeded`. A user locked after
 * consecutive failures across factors answers `login.authenticationBlocked`, as the password check.
 */
export function smsVerification(outcome: VerifyOutcome): SmsVerification {
  const failed = (errorMessage: SmsVerificationMessage, remainingAttempts: number | null = null): SmsVerification => ({
    result: 'FAILED',
    errorMessage,
    remainingAttempts,
  });
  switch (outcome.outcome) {
    case 'VERIFIED':
      return { result: 'SUCCEEDED', errorMessage: null, remainingAttempts: null };
    case 'WRONG':
      return failed('smsAuthorization.failed', outcome.remainingTries);
    case 'EXHAUSTED':
      return outcome.burnedNow ? failed('smsAuthorization.failed', 0) : failed('smsAuthorization.maxAttemptsExceeded');
    case 'EXPIRED':
      return failed('smsAuthorization.expired');
    case 'ALREADY_USED':
      return failed('smsAuthorization.alreadyVerified');
    case 'LOCKED':
      return failed('login.authenticationBlocked', 0);
    case 'NOT_FOUND':
      return failed('smsAuthorization.invalidMessage');
  }
}
