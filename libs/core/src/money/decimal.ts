/**
 * Money is a decimal string end to end (ARCHITECTURE §4): these are the only places where
 * amounts are read, compared or normalised, never through floating point arithmetic.
 */

/** A decimal as stored and compared: sign, up to 30 digits, up to 18 decimals. */
export const DECIMAL = /^-?\d{1,30}(\.\d{1,18})?$/;

/** A JSON amount (number or decimal string) as a plain decimal string (no exponent); null if it is none. */
export function decimalString(value: unknown): string | null {
  if (typeof value === 'string') return DECIMAL.test(value) ? value : null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  const shortest = String(value);
  if (!shortest.includes('e')) return shortest;
  return value.toFixed(18).replace(/0+$/, '').replace(/\.$/, '');
}

/** Exact comparison of two decimal strings; null when either is not a decimal. */
export function compareDecimals(a: string, b: string): number | null {
  if (!DECIMAL.test(a) || !DECIMAL.test(b)) return null;
  const scale = 18;
  const toBig = (s: string) => {
    const negative = s.startsWith('-');
    const [whole, fraction = ''] = s.replace('-', '').split('.');
    const n = BigInt(whole + fraction.padEnd(scale, '0'));
    return negative ? -n : n;
  };
  const x = toBig(a);
  const y = toBig(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical form of a non-negative decimal for equality: `100.00` → `100`, `007.50` → `7.5`. */
export function normalizeDecimal(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  const w = whole.replace(/^0+(?=\d)/, '');
  const f = fraction.replace(/0+$/, '');
  return f ? `${w}.${f}` : w;
}
