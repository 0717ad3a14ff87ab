import { StateMachine } from '@app/core';

/**
 * ACTIVE: verifiable. USED: verified once (single use). EXHAUSTED: the last allowed wrong try
 * burned it. EXPIRED: past its lifetime. REPLACED: a resend issued a newer code.
 * INVALIDATED: its subject ended (e.g. the operation was cancelled).
 */
export type ChallengeStatus = 'ACTIVE' | 'USED' | 'EXHAUSTED' | 'EXPIRED' | 'REPLACED' | 'INVALIDATED';

export const CHALLENGE_STATES: Record<ChallengeStatus, ChallengeStatus[]> = {
  ACTIVE: ['USED', 'EXHAUSTED', 'EXPIRED', 'REPLACED', 'INVALIDATED'],
  USED: [],
  EXHAUSTED: [],
  EXPIRED: [],
  REPLACED: [],
  INVALIDATED: [],
};

export const challengeMachine = new StateMachine<ChallengeStatus>('challenge', CHALLENGE_STATES);
