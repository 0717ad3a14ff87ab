import { DomainError } from '@app/core';

/**
 * RESEND_TOO_EARLY: the chain's spacing has not passed. RESEND_LIMIT_EXCEEDED: the chain issued
 * all the challenges its policy allows. RATE_LIMITED: the user or the recipient received the most
 * challenges allowed per hour. The first and the last carry `details.retryAfterSeconds`.
 */
export type ChallengeErrorCode = 'RESEND_TOO_EARLY' | 'RESEND_LIMIT_EXCEEDED' | 'RATE_LIMITED';

export class ChallengeError extends DomainError<ChallengeErrorCode> {}
