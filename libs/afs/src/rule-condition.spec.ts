import { matches, parseCondition } from './rule-condition';

describe('AFS rule conditions', () => {
  const stepDown = parseCondition({
    all: [
      { fact: 'action', op: 'eq', value: 'APPROVAL_INIT' },
      { fact: 'currency', op: 'eq', value: 'CZK' },
      { fact: 'amount', op: 'lt', value: 500 },
    ],
  });

  it('reproduces the sample step-down (CZK under 500)', () => {
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'CZK', amount: '100' })).toBe(true);
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'CZK', amount: '499.99' })).toBe(true);
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'CZK', amount: '500' })).toBe(false);
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'EUR', amount: '100' })).toBe(false);
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'czk', amount: '100' })).toBe(false);
    expect(matches(stepDown, { action: 'LOGIN_INIT', currency: 'CZK', amount: '100' })).toBe(false);
    expect(matches(stepDown, { action: 'APPROVAL_INIT', currency: 'CZK', amount: null })).toBe(false);
  });

  it('supports any / not / in / exists', () => {
    const c = parseCondition({
      any: [{ not: { fact: 'userId', op: 'exists' } }, { fact: 'organizationId', op: 'in', value: ['RETAIL', 'SME'] }],
    });
    expect(matches(c, { userId: null, organizationId: 'X' })).toBe(true);
    expect(matches(c, { userId: 'u', organizationId: 'SME' })).toBe(true);
    expect(matches(c, { userId: 'u', organizationId: 'X' })).toBe(false);
  });

  it.each([
    ['code', { fact: 'action', op: 'eq', value: 'x', code: 'process.exit()' }],
    ['unknown fact', { fact: 'constructor', op: 'eq', value: 'x' }],
    ['unknown operator', { fact: 'action', op: 'matches', value: '.*' }],
    ['non-numeric comparison', { fact: 'amount', op: 'lt', value: '1e3' }],
    ['empty all', { all: [] }],
    ['a string', 'amount < 500'],
    ['deep nesting', { not: { not: { not: { not: { not: { not: { fact: 'action', op: 'exists' } } } } } } }],
  ])('rejects %s', (_name, input) => {
    expect(() => parseCondition(input)).toThrow(expect.objectContaining({ code: 'INVALID_RULE' }));
  });
});
