import { SESSION_STATES, SESSION_TRANSITIONS, SessionState, nextStepOf, sessionMachine } from './session-states';

describe('transaction-approval session state table', () => {
  const open: SessionState[] = [
    'USERNAME_REQUIRED',
    'PARAMETERS_REQUIRED',
    'EMAIL_OTP_CHECK_REQUIRED',
    'MTAN_OTP_CHECK_REQUIRED',
    'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED',
  ];
  const final: SessionState[] = ['APPROVED', 'REJECTED', 'ABORTED', 'CANCELED', 'EXPIRED'];

  it('declares every state once', () => {
    expect(Object.keys(SESSION_TRANSITIONS).sort()).toEqual([...SESSION_STATES].sort());
  });

  it('follows the order of the steps and nothing else', () => {
    const allowed = SESSION_STATES.flatMap((from) =>
      SESSION_STATES.filter((to) => sessionMachine.can(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        'USERNAME_REQUIRED>PARAMETERS_REQUIRED',
        'PARAMETERS_REQUIRED>EMAIL_OTP_CHECK_REQUIRED',
        'PARAMETERS_REQUIRED>MTAN_OTP_CHECK_REQUIRED',
        'PARAMETERS_REQUIRED>AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED',
        'EMAIL_OTP_CHECK_REQUIRED>APPROVED',
        'MTAN_OTP_CHECK_REQUIRED>APPROVED',
        'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED>APPROVED',
        'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED>REJECTED',
        ...open.flatMap((s) => [`${s}>ABORTED`, `${s}>CANCELED`, `${s}>EXPIRED`]),
      ].sort(),
    );
  });

  it('can skip no step and leave no final state', () => {
    expect(sessionMachine.can('USERNAME_REQUIRED', 'EMAIL_OTP_CHECK_REQUIRED')).toBe(false);
    expect(sessionMachine.can('PARAMETERS_REQUIRED', 'APPROVED')).toBe(false);
    expect(() => sessionMachine.assertTransition('APPROVED', 'CANCELED')).toThrow(
      expect.objectContaining({ code: 'INVALID_STATE_TRANSITION' }),
    );
    for (const state of final) expect(sessionMachine.isFinal(state)).toBe(true);
    for (const state of open) expect(sessionMachine.isFinal(state)).toBe(false);
  });

  it('answers the open state as nextStep and null once ended', () => {
    for (const state of open) expect(nextStepOf(state)).toBe(state);
    for (const state of final) expect(nextStepOf(state)).toBeNull();
  });
});
