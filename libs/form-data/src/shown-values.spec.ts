import {
  accountProblem,
  currencyProblem,
  parsePositiveAmount,
  shownValueProblem,
  singlePaymentAmount,
} from './shown-values';

describe('shown values', () => {
  it('currencies are ISO 4217 codes', () => {
    expect(currencyProblem('CZK')).toBeNull();
    for (const bad of ['czk', 'CZKK', 'C'.repeat(3000), '', null, 100]) expect(currencyProblem(bad)).not.toBeNull();
  });

  it('accounts are account numbers or IBANs, at most 64 characters, without control characters', () => {
    for (const ok of ['238400856/0300', '19-2000145399/0800', 'CZ65 0800 0000 1920 0014 5399', 'A'.repeat(64)]) {
      expect(accountProblem(ok)).toBeNull();
    }
    for (const bad of ['1/2 (REFUND to you)', 'A'.repeat(65), '1234\n5678', '1234\u00005678', ' 1234', '', 5]) {
      expect(accountProblem(bad)).not.toBeNull();
    }
  });

  it('amounts: plain, positive, at most 18 integer digits and the currency decimals', () => {
    expect(parsePositiveAmount(100, 'CZK')).toEqual({ amount: '100' });
    expect(parsePositiveAmount('999999999999999999.99', 'EUR')).toEqual({ amount: '999999999999999999.99' });
    expect(parsePositiveAmount('1.125', 'KWD')).toEqual({ amount: '1.125' });
    expect(parsePositiveAmount('1.1250', 'EUR')).toEqual({ problem: 'must have at most 2 decimals' });
    for (const bad of [1e300, 1e308, 1e19, '1e5', -1, 0, '0.00', 'abc', null]) {
      expect(parsePositiveAmount(bad, 'CZK')).toHaveProperty('problem');
    }
  });

  it('anti-fraud reads exactly one valid positive AMOUNT, else none', () => {
    const amount = (value: unknown, id = 'operation.amount') => ({
      type: 'AMOUNT',
      id,
      amount: value,
      currency: 'CZK',
    });
    expect(singlePaymentAmount([amount(100)])).toEqual({ amount: '100', currency: 'CZK' });
    expect(singlePaymentAmount([amount(1), amount(900000, 'b')])).toBeNull();
    expect(singlePaymentAmount([amount(-900000)])).toBeNull();
    expect(singlePaymentAmount(null)).toBeNull();
  });

  it('names the first shown value that is wrong', () => {
    expect(
      shownValueProblem({
        parameters: [{ type: 'KEY_VALUE', id: 'x', valueFormatType: 'ACCOUNT', value: 'A(B)' }],
      }),
    ).toEqual({ path: 'parameters.0.value', problem: expect.stringContaining('account') });
    expect(shownValueProblem({ parameters: [{ type: 'NOTE', id: 'n', note: '(anything)' }] })).toBeNull();
  });
});
