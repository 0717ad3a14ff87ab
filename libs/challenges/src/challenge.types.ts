/** How the user answers a challenge. SMS / EMAIL: a code sent to them; the others: their device. */
export type ChallengeChannel = 'SMS' | 'EMAIL' | 'TOTP' | 'OCRA' | 'PUSH';

export const CHALLENGE_CHANNELS: readonly ChallengeChannel[] = ['SMS', 'EMAIL', 'TOTP', 'OCRA', 'PUSH'];

/** The characters of a code, its length, and whether case is ignored on verification. */
export interface CodeFormat {
  alphabet: string;
  length: number;
  /** The alphabet is given in one case; entered codes are upper-cased before comparing. */
  caseInsensitive?: boolean;
}

export const DIGITS = '0123456789';

/** Lifetime, tries and resends of the challenges of one chain. */
export interface ChallengePolicy {
  lifetimeSeconds: number;
  /** Verification attempts per challenge; the attempt after the last fails even with the right code. */
  maxTries: number;
  /** Minimum time between two challenges of the chain. */
  resendSpacingSeconds: number;
  /** Challenges that may replace the first one of the chain; null = unlimited. */
  maxResends: number | null;
}

/** The message carrying the code; queued in the transaction that issues the code. */
export interface ChallengeMessage {
  channel: 'SMS' | 'EMAIL';
  /** E.164 phone number or e-mail address. */
  recipient: string;
  /** Builds the text from the clear code (the only place the code is handed out besides the result). */
  render: (code: string) => { subject?: string; text: string };
}

/** Which chain: one live challenge per (purpose, subject, step). */
export interface ChainRef {
  /** What the challenge is for, e.g. "data-adapter.sms" or "transaction-approval.email". */
  purpose: string;
  /** What it is about, e.g. an operation id (at most 256 characters). */
  subject: string;
  /** Which step of the subject, e.g. "login" or "authorize_payment" (at most 64 characters). */
  step: string;
}

export interface IssueChallenge extends ChainRef {
  channel: ChallengeChannel;
  /** Whose failures count and which per-user rate limit applies. */
  userId: string;
  /** The values the challenge is bound to (dynamic linking); only their keyed hash is kept. */
  binding: Record<string, string>;
  format: CodeFormat;
  policy: ChallengePolicy;
  /** Phone / e-mail for the per-recipient rate limit (defaults to the message's recipient). */
  recipient?: string;
  message?: ChallengeMessage;
}

export interface IssuedChallenge {
  challengeId: string;
  /** The clear code, handed out once; never stored. */
  code: string;
  expiresAt: Date;
  /** null = unlimited. */
  resendsLeft: number | null;
  /**
   * SENT / FAILED: the first delivery attempt's outcome (FAILED messages stay queued for
   * retries); QUEUED: the caller's transaction is still open, delivery starts after its commit;
   * null: no message.
   */
  delivery: 'QUEUED' | 'SENT' | 'FAILED' | null;
}

/** A challenge to verify: the live one of a chain, or one by its id (the Data Adapter's messageId). */
export type ChallengeRef = ChainRef | { purpose: string; challengeId: string };

export interface VerifyChallenge {
  /** The entered code (SMS, EMAIL). */
  code?: unknown;
  /**
   * For channels whose answer the caller checks itself (TOTP, OCRA, PUSH: e.g. with verifyTotp
   * or a device signature): whether it matched. The challenge still counts tries and failures.
   */
  answerMatched?: boolean;
  binding: Record<string, string>;
  /** false: a wrong code is not counted against the user (the caller counts it itself). */
  countFailure?: boolean;
  /** false: a right code does not reset the user's failure count (the caller decides after other factors). */
  resetFailures?: boolean;
  /**
   * true: a right code leaves the challenge ACTIVE (matched) until `consume`, so it may be
   * entered again while another factor of the same step failed (Data Adapter SMS + password).
   */
  deferUse?: boolean;
}

/**
 * VERIFIED: right code, bound values unchanged. WRONG: remainingTries left. EXHAUSTED: no tries
 * left (`burnedNow`: this wrong try used the last one). EXPIRED: past its lifetime, replaced or
 * invalidated. ALREADY_USED: verified before. LOCKED: the user is locked (consecutive failures
 * across factors); nothing was compared. NOT_FOUND: no such challenge.
 * `userLocked`: this failure locked the user.
 */
export type VerifyOutcome =
  | { outcome: 'VERIFIED'; challengeId: string }
  | { outcome: 'WRONG'; challengeId: string; remainingTries: number; userLocked: boolean }
  | { outcome: 'EXHAUSTED'; challengeId: string; burnedNow: boolean; userLocked: boolean }
  | { outcome: 'EXPIRED'; challengeId: string }
  | { outcome: 'ALREADY_USED'; challengeId: string }
  | { outcome: 'LOCKED'; challengeId: string; lockedUntil: Date }
  | { outcome: 'NOT_FOUND' };

/** The live challenge of a chain, for a client showing "resend in 42 s". */
export interface ChallengeStatusView {
  challengeId: string;
  channel: ChallengeChannel;
  expiresAt: Date;
  remainingTries: number;
  resendsLeft: number | null;
  nextResendAt: Date;
}
