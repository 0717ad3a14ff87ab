import { compareDecimals, decimalString, normalizeDecimal } from './decimal';

describe('decimal money helpers', () => {
  it('writes amounts as plain decimals', () => {
    expect(decimalString(100)).toBe('100');
    expect(decimalString(100.5)).toBe('100.5');
    expect(decimalString(499.99)).toBe('499.99');
    expect(decimalString(0.0000001)).toBe('0.0000001');
    expect(decimalString('100.00')).toBe('100.00');
    expect(decimalString('1e5')).toBeNull();
    expect(decimalString(Number.NaN)).toBeNull();
  });

  it('never shortens a large number into another amount (1e300 was "1e+3")', () => {
    expect(decimalString(1e21)).toBe('1000000000000000000000');
    expect(decimalString(1e29)).toBe(BigInt(1e29).toString());
    expect(decimalString(1e30)).toBeNull(); // 31 digits
    expect(decimalString(1e300)).toBeNull();
    expect(decimalString(1e308)).toBeNull();
    expect(decimalString('1e300')).toBeNull();
  });

  it('compares decimals exactly', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('-1', '0')).toBe(-1);
    expect(compareDecimals('10000000000000000000001', '10000000000000000000000')).toBe(1);
    expect(compareDecimals('abc', '1')).toBeNull();
  });

  it('normalises for equality', () => {
    expect(normalizeDecimal('100.00')).toBe('100');
    expect(normalizeDecimal('007.50')).toBe('7.5');
    expect(normalizeDecimal('0.0')).toBe('0');
  });
});
