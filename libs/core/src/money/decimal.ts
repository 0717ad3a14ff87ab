/**
 * Money is a decimal string end to end (ARCHITECTURE §4): these are the only places where
 * amounts are read, compared or normalised, never through floating point arithmetic.
 */

/** A decimal as stored and compared: sign, up to 30 digits, up to 18 decimals. */
export const DECIMAL = /^-?\d{1,30}(\.\d{1,18})?$/;

/**
 * A JSON amount (number or decimal string) as a plain decimal string (no exponent) that DECIMAL
 * accepts; null if it is none. A string in exponent form is refused, and a number too large to
 * write in 30 digits too (`1e300` must never shorten to a string another amount shares).
 */
export function decimalString(value: unknown): string | null {
  if (typeof value === 'string') return DECIMAL.test(value) ? value : null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const plain = plainDecimal(value);
  return DECIMAL.test(plain) ? plain : null;
}

function plainDecimal(value: number): string {
  if (Number.isInteger(value)) return BigInt(value).toString();
  const shortest = String(value);
  if (!shortest.includes('e')) return shortest;
  // only tiny fractions reach here (|value| < 1e-6): 18 places, trailing zeros dropped
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
