import type { SmsAuthorization } from './sms-authorization.entity';

export type SmsVerificationMessage =
  | 'smsAuthorization.invalidMessage'
  | 'smsAuthorization.expired'
  | 'smsAuthorization.alreadyVerified'
  | 'smsAuthorization.maxAttemptsExceeded'
  | 'smsAuthorization.failed';

export type SmsVerification =
  | { result: 'SUCCEEDED'; errorMessage: null; remainingAttempts: null }
  | { result: 'FAILED'; errorMessage: SmsVerificationMessage; remainingAttempts: number | null };

export interface AttemptFacts {
  now: Date;
  maxAttempts: number;
  /** false for a plain SMS verification: a code that was matched before is spent. */
  allowMatchedBefore: boolean;
  /** Both computed in constant time before deciding, whatever the row's state. */
  codeMatches: boolean;
  bindingMatches: boolean;
}

/**
 * Decides one verification attempt in the order of spec §4.4 on a row whose attempt counter
 * was already incremented. Pure, so the order is unit-tested without a database.
 */
export function decideAttempt(row: SmsAuthorization, facts: AttemptFacts): SmsVerification {
  const remaining = Math.max(0, facts.maxAttempts - row.verifyRequestCount);
  const fail = (errorMessage: SmsVerificationMessage, remainingAttempts: number | null = null): SmsVerification => ({
    result: 'FAILED',
    errorMessage,
    remainingAttempts,
  });
  if (facts.now.getTime() > row.expiresAt.getTime() || row.status === 'REPLACED' || row.status === 'INVALIDATED') {
    return fail('smsAuthorization.expired');
  }
  if (row.status === 'USED' || (!facts.allowMatchedBefore && row.verified))
    return fail('smsAuthorization.alreadyVerified');
  if (row.verifyRequestCount > facts.maxAttempts) return fail('smsAuthorization.maxAttemptsExceeded');
  if (!facts.codeMatches || !facts.bindingMatches) return fail('smsAuthorization.failed', remaining);
  return { result: 'SUCCEEDED', errorMessage: null, remainingAttempts: null };
}
