import { randomInt } from 'node:crypto';

/**
 * The OTP alphabet of the /v1 API: digits and upper-case letters without the look-alikes
 * 0/O, 1/I/L (32 symbols, 5 bits each; the upstream's had a typo that dropped W). Codes are
 * compared case-insensitively, so they are normalised to upper case before hashing.
 */
export const OTP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A code of `length` symbols from a CSPRNG, each uniformly chosen (randomInt is unbiased). */
export function generateOtp(length: number, alphabet = OTP_ALPHABET): string {
  let code = '';
  for (let i = 0; i < length; i++) code += alphabet[randomInt(alphabet.length)];
  return code;
}

export function normaliseOtp(code: string): string {
  return code.trim().toUpperCase();
}

/** Parameter values an operation-bound code is linked to, in one canonical text (sorted keys). */
export function canonicalBinding(operation: string, parameters: Record<string, unknown>): string {
  const sorted = Object.keys(parameters)
    .sort()
    .map((k) => [k, parameters[k]]);
  return JSON.stringify([operation, sorted]);
}
