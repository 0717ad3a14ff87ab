import { StateMachine } from '@app/core';

/**
 * Where a session stands. The open states are the `nextStep` values of the wire (spec §4); the
 * final ones answer `nextStep: null`.
 */
export const SESSION_STATES = [
  'USERNAME_REQUIRED',
  'PARAMETERS_REQUIRED',
  'EMAIL_OTP_CHECK_REQUIRED',
  'MTAN_OTP_CHECK_REQUIRED',
  'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED',
  'APPROVED',
  'REJECTED',
  'ABORTED',
  'CANCELED',
  'EXPIRED',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** The states an approval method can leave `parameters` in (one per method prompt). */
export type ApprovalPromptState =
  'EMAIL_OTP_CHECK_REQUIRED' | 'MTAN_OTP_CHECK_REQUIRED' | 'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED';

const ENDINGS = ['ABORTED', 'CANCELED', 'EXPIRED'] as const;

/**
 * Every allowed change of a session, in one table. ABORTED: a limit ended it (tries, user
 * blocked, flow gone); REJECTED: the user denied on a device (push).
 */
export const SESSION_TRANSITIONS: Record<SessionState, readonly SessionState[]> = {
  USERNAME_REQUIRED: ['PARAMETERS_REQUIRED', ...ENDINGS],
  PARAMETERS_REQUIRED: [
    'EMAIL_OTP_CHECK_REQUIRED',
    'MTAN_OTP_CHECK_REQUIRED',
    'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED',
    ...ENDINGS,
  ],
  EMAIL_OTP_CHECK_REQUIRED: ['APPROVED', ...ENDINGS],
  MTAN_OTP_CHECK_REQUIRED: ['APPROVED', ...ENDINGS],
  AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED: ['APPROVED', 'REJECTED', ...ENDINGS],
  APPROVED: [],
  REJECTED: [],
  ABORTED: [],
  CANCELED: [],
  EXPIRED: [],
};

export const sessionMachine = new StateMachine<SessionState>('transaction-approval.session', SESSION_TRANSITIONS);

/** The `nextStep` a session in this state answers (null once it ended). */
export function nextStepOf(state: SessionState): SessionState | null {
  return sessionMachine.isFinal(state) ? null : state;
}
