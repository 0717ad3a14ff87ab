import { operationBinding } from './operation-binding';
import { SmsAuthorization } from './sms-authorization.entity';
import { smsAuthorizationText } from './sms-texts';
import { decideAttempt } from './verification';

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

describe('decideAttempt (spec §4.4 order)', () => {
  const now = new Date('2026-01-15T10:00:00Z');
  const row = (changes: Partial<SmsAuthorization> = {}) =>
    Object.assign(new SmsAuthorization(), {
      status: 'ACTIVE',
      verified: false,
      verifyRequestCount: 1,
      expiresAt: new Date(now.getTime() + 1000),
      ...changes,
    });
  const facts = { now, maxAttempts: 5, allowMatchedBefore: false, codeMatches: true, bindingMatches: true };

  it('succeeds with the right code and unchanged operation data', () => {
    expect(decideAttempt(row(), facts)).toEqual({ result: 'SUCCEEDED', errorMessage: null, remainingAttempts: null });
  });

  it('counts down remaining attempts on a wrong code or changed data', () => {
    expect(decideAttempt(row(), { ...facts, codeMatches: false })).toEqual({
      result: 'FAILED',
      errorMessage: 'smsAuthorization.failed',
      remainingAttempts: 4,
    });
    expect(decideAttempt(row({ verifyRequestCount: 5 }), { ...facts, bindingMatches: false }).remainingAttempts).toBe(
      0,
    );
  });

  it('fails the attempt after the last one even with the right code', () => {
    expect(decideAttempt(row({ verifyRequestCount: 6 }), facts).errorMessage).toBe(
      'smsAuthorization.maxAttemptsExceeded',
    );
  });

  it('checks expiry before reuse, reuse before the attempt limit', () => {
    const late = { ...facts, now: new Date(now.getTime() + 2000) };
    expect(decideAttempt(row({ status: 'USED', verifyRequestCount: 9 }), late).errorMessage).toBe(
      'smsAuthorization.expired',
    );
    expect(decideAttempt(row({ status: 'USED', verifyRequestCount: 9 }), facts).errorMessage).toBe(
      'smsAuthorization.alreadyVerified',
    );
    expect(decideAttempt(row({ status: 'REPLACED' }), facts).errorMessage).toBe('smsAuthorization.expired');
    expect(decideAttempt(row({ status: 'INVALIDATED' }), facts).errorMessage).toBe('smsAuthorization.expired');
  });

  it('lets a matched but unspent code be retried only in the SMS + password step', () => {
    expect(decideAttempt(row({ verified: true }), facts).errorMessage).toBe('smsAuthorization.alreadyVerified');
    expect(decideAttempt(row({ verified: true }), { ...facts, allowMatchedBefore: true }).result).toBe('SUCCEEDED');
  });
});
