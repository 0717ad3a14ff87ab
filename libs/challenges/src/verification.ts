import type { Challenge } from './challenge.entity';
import type { ChallengeStatus } from './challenge-states';

export interface AttemptFacts {
  now: Date;
  deferUse: boolean;
  /** Both computed in constant time before deciding, whatever the challenge's state. */
  codeMatches: boolean;
  bindingMatches: boolean;
  /** The user's lock, if any (consecutive failures across factors). */
  lockedUntil: Date | null;
}

export type AttemptDecision =
  | { kind: 'EXPIRED'; to: ChallengeStatus | null }
  | { kind: 'ALREADY_USED' }
  | { kind: 'EXHAUSTED'; burnedNow: false }
  | { kind: 'LOCKED'; lockedUntil: Date }
  | { kind: 'WRONG'; remainingTries: number; to: ChallengeStatus | null }
  | { kind: 'VERIFIED'; to: ChallengeStatus | null };

type Row = Pick<Challenge, 'status' | 'tries' | 'maxTries' | 'expiresAt' | 'matchedAt'>;

/**
 * Decides one attempt on a challenge whose try counter was already incremented, in the order of
 * the Data Adapter's reference (spec §4.4): expiry, reuse, tries, then the comparison. A locked
 * user is refused before anything is compared. Pure, so the order is unit-tested without a database.
 * `to`: the status the challenge moves to (null: it stays).
 */
export function decideAttempt(row: Row, facts: AttemptFacts): AttemptDecision {
  const expired = facts.now.getTime() > row.expiresAt.getTime();
  if (expired || row.status === 'REPLACED' || row.status === 'INVALIDATED' || row.status === 'EXPIRED') {
    return { kind: 'EXPIRED', to: row.status === 'ACTIVE' ? 'EXPIRED' : null };
  }
  if (row.status === 'USED' || (row.matchedAt !== null && !facts.deferUse)) return { kind: 'ALREADY_USED' };
  if (row.status === 'EXHAUSTED' || row.tries > row.maxTries) return { kind: 'EXHAUSTED', burnedNow: false };
  if (facts.lockedUntil && facts.lockedUntil.getTime() > facts.now.getTime()) {
    return { kind: 'LOCKED', lockedUntil: facts.lockedUntil };
  }
  if (!facts.codeMatches || !facts.bindingMatches) {
    const remainingTries = Math.max(0, row.maxTries - row.tries);
    return { kind: 'WRONG', remainingTries, to: remainingTries === 0 ? 'EXHAUSTED' : null };
  }
  return { kind: 'VERIFIED', to: facts.deferUse ? null : 'USED' };
}
