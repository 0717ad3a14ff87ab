import { generate, generateSecret, verify } from 'otplib';

/**
 * TOTP (RFC 6238) primitives over otplib 13: the one place stepwise's two-factor API computes
 * codes. SHA-1, 6 digits, 30 s: what Google Authenticator, Authy and oathtool use by default.
 */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = 'stepwise';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** A new base32 secret of 160 bits (RFC 4226 R6 recommends 160). */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The enrolment URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(account)}`;
  return (
    `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(TOTP_ISSUER)}` +
    `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD}`
  );
}

export function timeStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
}

/** The code of `secret` (base32, or raw bytes) at `epochSeconds` (RFC 6238 test vectors use 8 digits). */
export function totpCode(
  secret: string | Uint8Array,
  epochSeconds: number,
  options: { algorithm?: TotpAlgorithm; digits?: 6 | 7 | 8 } = {},
): Promise<string> {
  return generate({
    secret,
    epoch: epochSeconds,
    period: TOTP_PERIOD,
    algorithm: options.algorithm ?? 'sha1',
    digits: options.digits ?? TOTP_DIGITS,
  });
}

/**
 * The time step `code` belongs to, if it is the code of the current step or one step before or
 * after (clock drift, RFC 6238 §5.2), and later than `afterStep` (a step already accepted is a
 * replay); null otherwise. Constant-time comparison is otplib's.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  options: { afterStep?: number | null } = {},
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_PERIOD,
    period: TOTP_PERIOD,
    digits: TOTP_DIGITS,
    algorithm: 'sha1',
  });
  if (!result.valid) return null;
  const step = timeStep(now) + result.delta;
  if (Math.abs(result.delta) > 1) return null;
  if (options.afterStep !== undefined && options.afterStep !== null && step <= options.afterStep) return null;
  return step;
}
