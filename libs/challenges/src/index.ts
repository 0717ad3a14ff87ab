/**
 * @app/challenges — challenges of every channel (SMS, EMAIL, TOTP, OCRA, PUSH).
 *
 * - `ChallengesService.issue(input)` → `{ challengeId, code, expiresAt, resendsLeft, delivery }`:
 *   joins the caller's transaction; one live challenge per chain (purpose, subject, step), so a
 *   second issue is a resend (spacing, count; the replaced code's pending message is cancelled);
 *   the message is queued in the same transaction and first sent after the commit (`delivery`:
 *   SENT/FAILED when `issue` committed itself, QUEUED inside an open caller transaction, null
 *   without a message). Throws `ChallengeError` RESEND_TOO_EARLY / RATE_LIMITED
 *   (`details.retryAfterSeconds`) or RESEND_LIMIT_EXCEEDED.
 * - `verify({ purpose, subject, step } | { purpose, challengeId }, code, binding, countFailure?,
 *   resetFailures?, deferUse?, answerMatched? })` → VERIFIED | WRONG(remainingTries) |
 *   EXHAUSTED(burnedNow) | EXPIRED | ALREADY_USED | LOCKED(lockedUntil) | NOT_FOUND. A wrong
 *   answer counts in `UserFailures` (@app/users) in the same transaction; VERIFIED resets it.
 *   TOTP / OCRA / PUSH: the caller checks the answer (primitives below) and passes `answerMatched`.
 * - `consume(purpose, challengeId)` (after `deferUse`), `invalidate(purpose, subject)`,
 *   `status(purpose, subject, step)`.
 * - Primitives: `verifyTotp` (→ matched step | null; pass it back as `afterStep`) and
 *   `generateTotpSecret` (otplib); `ocra` (RFC 6287, own code). HOTP, TOTP generation and the
 *   OCRA suite parser stay inside until another lib needs them.
 * - Settings: CHALLENGE_MAX_PER_USER_PER_HOUR, CHALLENGE_MAX_PER_RECIPIENT_PER_HOUR (10 each),
 *   CHALLENGE_RETENTION_SECONDS (86400).
 */
export { ChallengeCleanupJob } from './challenge-cleanup.job';
export { ChallengeError } from './challenge.errors';
export { DIGITS } from './challenge.types';
export type { ChallengePolicy, CodeFormat, IssueChallenge, IssuedChallenge, VerifyOutcome } from './challenge.types';
export { ChallengesModule } from './challenges.module';
export { ChallengesService } from './challenges.service';
export { ocra } from './primitives/ocra';
export { generateTotpSecret, verifyTotp } from './primitives/totp';
export { migrations as challengesMigrations } from './migrations';
