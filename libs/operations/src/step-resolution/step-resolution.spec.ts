import type { AuthResult, AuthStepResult } from './enums';
import type { FailRules, HistoryView } from './history-view';
import { assertChoiceAllowed, assertUpdateAllowed } from './step-order.policy';
import {
  candidateMethods,
  isAuthMethodFailed,
  remainingAttempts,
  resolveCreate,
  resolveUpdate,
  StepRow,
  UpdateInput,
} from './step-resolution';

let nextId = 1;
const row = (
  type: 'CREATE' | 'UPDATE',
  method: string | null,
  stepResult: AuthStepResult | null,
  priority: number,
  next: string | null,
  result: AuthResult,
): StepRow => ({
  stepDefinitionId: nextId++,
  operationType: type,
  requestAuthMethod: method,
  requestAuthStepResult: stepResult,
  responsePriority: priority,
  responseAuthMethod: next,
  responseResult: result,
});

/** authorize_payment of the default data (spec §3.3). */
const payment: StepRow[] = [
  row('CREATE', null, null, 2, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'),
  row('CREATE', null, null, 1, 'USER_ID_ASSIGN', 'CONTINUE'),
  row('UPDATE', 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', 2, 'SMS_KEY', 'CONTINUE'),
  row('UPDATE', 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', 1, 'POWERAUTH_TOKEN', 'CONTINUE'),
  row('UPDATE', 'USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', 1, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'),
  row('UPDATE', 'USERNAME_PASSWORD_AUTH', 'AUTH_METHOD_FAILED', 1, null, 'FAILED'),
  row('UPDATE', 'SMS_KEY', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'),
  row('UPDATE', 'SMS_KEY', 'AUTH_FAILED', 1, 'SMS_KEY', 'CONTINUE'),
  row('UPDATE', 'SMS_KEY', 'AUTH_METHOD_FAILED', 1, null, 'FAILED'),
  row('UPDATE', 'SMS_KEY', 'CANCELED', 1, null, 'FAILED'),
  row('UPDATE', 'CONSENT', 'CONFIRMED', 1, null, 'DONE'),
];

const FIVE: FailRules = { checkAuthFails: true, maxAuthFails: 5 };
const NONE: FailRules = { checkAuthFails: false, maxAuthFails: null };
const init: HistoryView = {
  requestAuthMethod: 'INIT',
  requestAuthStepResult: 'CONFIRMED',
  responseResult: 'CONTINUE',
  responseSteps: ['USER_ID_ASSIGN', 'USERNAME_PASSWORD_AUTH'],
  chosenAuthMethod: null,
};
const h = (method: string, stepResult: AuthStepResult, result: AuthResult, steps: string[] = []): HistoryView => ({
  requestAuthMethod: method,
  requestAuthStepResult: stepResult,
  responseResult: result,
  responseSteps: steps,
  chosenAuthMethod: null,
});
const update = (overrides: Partial<UpdateInput>): UpdateInput => ({
  operationName: 'authorize_payment',
  defs: payment,
  history: [init],
  authMethod: 'USERNAME_PASSWORD_AUTH',
  authStepResult: 'CONFIRMED',
  authStepResultDescription: null,
  rules: FIVE,
  enabledMethods: null,
  mobileTokenActive: false,
  expired: false,
  ...overrides,
});

describe('resolveCreate', () => {
  it('returns every CREATE row in priority order', () => {
    expect(resolveCreate('authorize_payment', payment)).toEqual({
      result: 'CONTINUE',
      steps: ['USER_ID_ASSIGN', 'USERNAME_PASSWORD_AUTH'],
    });
  });

  it('rejects an operation without definitions and CREATE rows that disagree', () => {
    expect(() => resolveCreate('nope', [])).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION' }));
    const mixed = [row('CREATE', null, null, 1, 'SMS_KEY', 'CONTINUE'), row('CREATE', null, null, 2, null, 'DONE')];
    expect(() => resolveCreate('x', mixed)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIGURATION' }));
  });
});

describe('resolveUpdate', () => {
  it('offers POWERAUTH_TOKEN only when the mobile token is active, in priority order', () => {
    expect(resolveUpdate(update({ mobileTokenActive: true })).steps).toEqual(['POWERAUTH_TOKEN', 'SMS_KEY']);
    expect(resolveUpdate(update({ mobileTokenActive: false })).steps).toEqual(['SMS_KEY']);
  });

  it("filters next methods by the user's enabled methods", () => {
    const r = resolveUpdate(update({ enabledMethods: new Set(['POWERAUTH_TOKEN']), mobileTokenActive: true }));
    expect(r).toMatchObject({ result: 'CONTINUE', steps: ['POWERAUTH_TOKEN'] });
  });

  it('fails with error.noAuthMethod when every next method is disabled or no row matches', () => {
    const disabled = resolveUpdate(update({ enabledMethods: new Set(['INIT']) }));
    expect(disabled).toEqual({
      result: 'FAILED',
      resultDescription: 'error.noAuthMethod',
      steps: [],
      recordedStepResult: 'CONFIRMED',
      extendExpiry: true,
    });
    const noRow = resolveUpdate(update({ authMethod: 'CONSENT', authStepResult: 'AUTH_FAILED' }));
    expect(noRow).toMatchObject({ result: 'FAILED', resultDescription: 'error.noAuthMethod' });
  });

  it('prefers DONE over CONTINUE over FAILED and returns only the winning rows', () => {
    const defs = [
      row('UPDATE', 'M', 'CONFIRMED', 1, 'SMS_KEY', 'CONTINUE'),
      row('UPDATE', 'M', 'CONFIRMED', 2, null, 'DONE'),
      row('UPDATE', 'N', 'CONFIRMED', 1, 'SMS_KEY', 'CONTINUE'),
      row('UPDATE', 'N', 'CONFIRMED', 2, null, 'FAILED'),
    ];
    expect(resolveUpdate(update({ defs, authMethod: 'M' }))).toMatchObject({ result: 'DONE', steps: [] });
    expect(resolveUpdate(update({ defs, authMethod: 'N' }))).toMatchObject({ result: 'CONTINUE', steps: ['SMS_KEY'] });
  });

  it("names the methods the user's settings could filter, so resolution can do without them otherwise", () => {
    expect(candidateMethods(update({}))).toEqual(['SMS_KEY', 'POWERAUTH_TOKEN']);
    expect(candidateMethods(update({ authMethod: 'SMS_KEY' }))).toEqual(['CONSENT']);
    expect(candidateMethods(update({ authMethod: 'CONSENT' }))).toEqual([]);
    // the 5th failure answers from the AUTH_METHOD_FAILED rows, as resolution does
    const failures = Array.from({ length: 4 }, () => h('SMS_KEY', 'AUTH_FAILED', 'CONTINUE', ['SMS_KEY']));
    const fifth = update({ authMethod: 'SMS_KEY', authStepResult: 'AUTH_FAILED', history: [init, ...failures] });
    expect(candidateMethods(fifth)).toEqual([]);
    expect(candidateMethods(update({ authMethod: 'SMS_KEY', authStepResult: 'AUTH_FAILED' }))).toEqual(['SMS_KEY']);
    expect(candidateMethods(update({ expired: true }))).toEqual([]);
    // without candidates that need the user, resolving with or without the user's methods agrees
    const withUser = update({ authMethod: 'SMS_KEY', enabledMethods: new Set(['CONSENT', 'SMS_KEY']) });
    expect(resolveUpdate(withUser)).toEqual(resolveUpdate(update({ authMethod: 'SMS_KEY' })));
  });

  it('rejects two matching rows with the same priority', () => {
    const defs = [
      row('UPDATE', 'M', 'CONFIRMED', 1, 'SMS_KEY', 'CONTINUE'),
      row('UPDATE', 'M', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'),
    ];
    expect(() => resolveUpdate(update({ defs, authMethod: 'M' }))).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIGURATION' }),
    );
  });

  it('turns the 5th AUTH_FAILED of a method into AUTH_METHOD_FAILED', () => {
    let history: HistoryView[] = [init];
    for (let i = 1; i <= 4; i++) {
      const r = resolveUpdate(update({ history, authStepResult: 'AUTH_FAILED' }));
      expect(r).toMatchObject({
        result: 'CONTINUE',
        steps: ['USERNAME_PASSWORD_AUTH'],
        recordedStepResult: 'AUTH_FAILED',
      });
      history = [...history, h('USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', 'CONTINUE', ['USERNAME_PASSWORD_AUTH'])];
      expect(remainingAttempts(history, () => FIVE)).toBe(5 - i);
    }
    const fifth = resolveUpdate(update({ history, authStepResult: 'AUTH_FAILED' }));
    expect(fifth).toMatchObject({
      result: 'FAILED',
      steps: [],
      recordedStepResult: 'AUTH_METHOD_FAILED',
      resultDescription: null,
    });
    history = [...history, h('USERNAME_PASSWORD_AUTH', 'AUTH_METHOD_FAILED', 'FAILED')];
    expect(remainingAttempts(history, () => FIVE)).toBe(0);
  });

  it('counts failures per method, and a failed method stays failed', () => {
    const history = [init, ...Array(4).fill(h('USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', 'CONTINUE'))];
    expect(isAuthMethodFailed(history, 'SMS_KEY', 'AUTH_FAILED', FIVE)).toBe(false);
    expect(isAuthMethodFailed(history, 'USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', FIVE)).toBe(true);
    expect(isAuthMethodFailed(history, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', FIVE)).toBe(false);
    const failed = [init, h('SMS_KEY', 'AUTH_METHOD_FAILED', 'CONTINUE')];
    expect(isAuthMethodFailed(failed, 'SMS_KEY', 'CONFIRMED', FIVE)).toBe(true);
    expect(isAuthMethodFailed([init], 'USER_ID_ASSIGN', 'AUTH_FAILED', NONE)).toBe(false);
  });

  it('reports remaining attempts of the method used last', () => {
    expect(remainingAttempts([], () => FIVE)).toBeNull();
    expect(remainingAttempts([init], () => NONE)).toBeNull();
    expect(remainingAttempts([init, h('USERNAME_PASSWORD_AUTH', 'CONFIRMED', 'CONTINUE')], () => FIVE)).toBe(5);
  });

  it('describes a cancel with its reason, canceled.unknown without one', () => {
    const base = { authMethod: 'SMS_KEY', authStepResult: 'CANCELED' as const };
    expect(resolveUpdate(update({ ...base, authStepResultDescription: 'INCORRECT_DATA' }))).toMatchObject({
      result: 'FAILED',
      resultDescription: 'canceled.incorrect_data',
    });
    expect(resolveUpdate(update(base)).resultDescription).toBe('canceled.unknown');
  });

  it('fails an expired operation with operation.timeout without consulting the table', () => {
    expect(resolveUpdate(update({ expired: true, authStepResult: 'CANCELED' }))).toEqual({
      result: 'FAILED',
      resultDescription: 'operation.timeout',
      steps: [],
      recordedStepResult: 'AUTH_METHOD_FAILED',
      extendExpiry: false,
    });
  });
});

describe('step-order policy', () => {
  const atSms = [init, h('USERNAME_PASSWORD_AUTH', 'CONFIRMED', 'CONTINUE', ['SMS_KEY'])];

  it('allows a current step, SHOW_OPERATION_DETAIL before SMS, and a cancel from any method', () => {
    expect(() => assertUpdateAllowed(atSms, 'SMS_KEY', 'CONFIRMED')).not.toThrow();
    expect(() => assertUpdateAllowed(atSms, 'SHOW_OPERATION_DETAIL', 'CONFIRMED')).not.toThrow();
    expect(() => assertUpdateAllowed(atSms, 'USERNAME_PASSWORD_AUTH', 'CANCELED')).not.toThrow();
    expect(() => assertUpdateAllowed(atSms, 'INIT', 'CANCELED')).not.toThrow();
  });

  it('rejects methods that are not current steps with OPERATION_NOT_VALID', () => {
    for (const method of ['CONSENT', 'INIT', 'USERNAME_PASSWORD_AUTH']) {
      expect(() => assertUpdateAllowed(atSms, method, 'CONFIRMED')).toThrow(
        expect.objectContaining({ code: 'OPERATION_NOT_VALID' }),
      );
    }
    expect(() => assertUpdateAllowed([init], 'SHOW_OPERATION_DETAIL', 'CONFIRMED')).toThrow(
      expect.objectContaining({ code: 'OPERATION_NOT_VALID' }),
    );
    expect(() => assertUpdateAllowed([], 'SMS_KEY', 'CONFIRMED')).toThrow(
      expect.objectContaining({ code: 'OPERATION_NOT_VALID' }),
    );
  });

  it('answers finished operations with their state', () => {
    const done = [...atSms, h('SMS_KEY', 'CONFIRMED', 'DONE')];
    const failed = [...atSms, h('SMS_KEY', 'AUTH_METHOD_FAILED', 'FAILED')];
    const canceled = [...atSms, h('SMS_KEY', 'CANCELED', 'FAILED')];
    expect(() => assertUpdateAllowed(done, 'SMS_KEY', 'CANCELED')).toThrow(
      expect.objectContaining({ code: 'OPERATION_ALREADY_FINISHED' }),
    );
    expect(() => assertUpdateAllowed(failed, 'SMS_KEY', 'CONFIRMED')).toThrow(
      expect.objectContaining({ code: 'OPERATION_ALREADY_FAILED' }),
    );
    expect(() => assertUpdateAllowed(canceled, 'SMS_KEY', 'CONFIRMED')).toThrow(
      expect.objectContaining({ code: 'OPERATION_ALREADY_CANCELED' }),
    );
    expect(() => assertUpdateAllowed(canceled, 'SMS_KEY', 'CANCELED')).not.toThrow();
  });

  it('allows choosing only a current step of a pending operation', () => {
    expect(() => assertChoiceAllowed(atSms, 'SMS_KEY')).not.toThrow();
    expect(() => assertChoiceAllowed(atSms, 'CONSENT')).toThrow(
      expect.objectContaining({ code: 'OPERATION_NOT_VALID' }),
    );
  });
});
