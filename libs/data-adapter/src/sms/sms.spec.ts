import { operationBinding } from './operation-binding';
import { smsAuthorizationText } from './sms-texts';
import { smsVerification } from './sms-policy';

const payment = (overrides: Record<string, unknown>[] = []) => ({
  parameters: [
    { type: 'AMOUNT', id: 'operation.amount', amount: 100, currency: 'CZK' },
    { type: 'KEY_VALUE', id: 'operation.account', value: '238400856/0300' },
    ...overrides,
  ],
});

describe('operationBinding (spec §4.1)', () => {
  it('binds a login to its name and a payment to amount, currency and account', () => {
    expect(operationBinding('login', null)).toEqual({ items: ['login'] });
    expect(operationBinding('login_sca', null)).toEqual({ items: ['login_sca'] });
    expect(operationBinding('authorize_payment', payment())).toEqual({ items: ['100', 'CZK', '238400856/0300'] });
  });

  it.each([
    ['no form data', null, 'smsAuthorization.amount.empty'],
    [
      'no amount',
      { parameters: [{ type: 'KEY_VALUE', id: 'operation.account', value: 'x' }] },
      'smsAuthorization.amount.empty',
    ],
    [
      'zero amount',
      { parameters: [{ type: 'AMOUNT', amount: 0, currency: 'CZK' }] },
      'smsAuthorization.amount.invalid',
    ],
    [
      'negative amount',
      { parameters: [{ type: 'AMOUNT', amount: -5, currency: 'CZK' }] },
      'smsAuthorization.amount.invalid',
    ],
    ['no currency', { parameters: [{ type: 'AMOUNT', amount: 5, currency: '' }] }, 'smsAuthorization.currency.empty'],
    ['no account', { parameters: [{ type: 'AMOUNT', amount: 5, currency: 'CZK' }] }, 'smsAuthorization.account.empty'],
    [
      'account of the wrong type',
      {
        parameters: [
          { type: 'AMOUNT', amount: 5, currency: 'CZK' },
          { type: 'NOTE', id: 'operation.account' },
        ],
      },
      'smsAuthorization.account.empty',
    ],
  ])('rejects a payment with %s', (_name, formData, code) => {
    expect(operationBinding('authorize_payment', formData as never)).toEqual({ invalid: code });
  });

  it('rejects unknown operations', () => {
    expect(operationBinding('foo', null)).toEqual({ invalid: 'smsAuthorization.operationName.unsupported' });
  });
});

describe('smsAuthorizationText (spec §4.2)', () => {
  it('renders the sample texts in en and cs, falling back to en', () => {
    const items = ['100', 'CZK', '238400856/0300'];
    expect(smsAuthorizationText('authorize_payment', 'en', items, '00387449')).toBe(
      'Authorization code for payment of 100 CZK to account 238400856/0300 is 00387449.',
    );
    expect(smsAuthorizationText('authorize_payment_sca', 'cs', items, '00387449')).toBe(
      'Autorizační kód pro platbu 100 CZK na účet 238400856/0300 je 00387449.',
    );
    expect(smsAuthorizationText('login', 'de', ['login'], '66047840')).toBe(
      'Authorization code for login is 66047840.',
    );
    expect(smsAuthorizationText('login_sca', 'cs', ['login_sca'], '66047840')).toBe(
      'Autorizační kód pro přihlášení je 66047840.',
    );
  });
});

describe('smsVerification (spec §4.4 messages)', () => {
  const id = { challengeId: 'c' };
  it('words each challenge outcome as the sample adapter', () => {
    expect(smsVerification({ outcome: 'VERIFIED', ...id })).toEqual({
      result: 'SUCCEEDED',
      errorMessage: null,
      remainingAttempts: null,
    });
    const failed = (errorMessage: string, remainingAttempts: number | null = null) => ({
      result: 'FAILED',
      errorMessage,
      remainingAttempts,
    });
    expect(smsVerification({ outcome: 'WRONG', ...id, remainingTries: 3, userLocked: false })).toEqual(
      failed('smsAuthorization.failed', 3),
    );
    expect(smsVerification({ outcome: 'EXHAUSTED', ...id, burnedNow: true, userLocked: true })).toEqual(
      failed('smsAuthorization.failed', 0),
    );
    expect(smsVerification({ outcome: 'EXHAUSTED', ...id, burnedNow: false, userLocked: false })).toEqual(
      failed('smsAuthorization.maxAttemptsExceeded'),
    );
    expect(smsVerification({ outcome: 'EXPIRED', ...id })).toEqual(failed('smsAuthorization.expired'));
    expect(smsVerification({ outcome: 'ALREADY_USED', ...id })).toEqual(failed('smsAuthorization.alreadyVerified'));
    expect(smsVerification({ outcome: 'LOCKED', ...id, lockedUntil: new Date() })).toEqual(
      failed('login.authenticationBlocked', 0),
    );
    expect(smsVerification({ outcome: 'NOT_FOUND' })).toEqual(failed('smsAuthorization.invalidMessage'));
  });
});
