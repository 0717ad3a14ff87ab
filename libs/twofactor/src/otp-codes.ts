/**
 * The default OTP alphabet of the /v1 API (setting `otp-token-alphabet`): digits and upper-case letters without the look-alikes
 * 0/O, 1/I/L (32 symbols, 5 bits each; the upstream's had a typo that dropped W). Codes are
 * compared case-insensitively (the challenge library generates them with a CSPRNG, unbiased).
 */
export const OTP_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Parameter values an operation-bound code is linked to, in one canonical text (sorted keys). */
export function canonicalBinding(operation: string, parameters: Record<string, unknown>): string {
  const sorted = Object.keys(parameters)
    .sort()
    .map((k) => [k, parameters[k]]);
  return JSON.stringify([operation, sorted]);
}
