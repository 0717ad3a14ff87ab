import { ScureBase32Plugin, generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import type { OtpAlgorithm } from './hotp';

const base32 = new ScureBase32Plugin();

export interface TotpOptions {
  digits?: 6 | 7 | 8;
  algorithm?: OtpAlgorithm;
  /** Time step in seconds (RFC 6238 X). */
  period?: number;
}

export interface TotpVerifyOptions extends TotpOptions {
  /** Time steps accepted before and after the current one (clock drift). */
  window?: number;
  /** The step of the last accepted code: it and every earlier step are refused (no replay). */
  afterStep?: number | null;
}

/** A new random TOTP secret, Base32 (20 bytes: the RFC 4226 recommendation). */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** Bytes of a Base32 secret (what the authenticator app holds). */
export function totpSecretBytes(secret: string): Uint8Array {
  return base32.decode(secret);
}

/** The TOTP value at `now` (RFC 6238), computed by otplib. */
export function totp(secret: Uint8Array | string, now: Date, options: TotpOptions = {}): string {
  return generateSync({
    secret: bytesOf(secret),
    epoch: Math.floor(now.getTime() / 1000),
    digits: options.digits ?? 6,
    algorithm: options.algorithm ?? 'sha1',
    period: options.period ?? 30,
  });
}

/**
 * Checks a TOTP code at `now` within ±window steps; returns the matched time step (to store as
 * `afterStep` of the next check, so a code is accepted once) or null.
 */
export function verifyTotp(
  secret: Uint8Array | string,
  code: string,
  now: Date,
  options: TotpVerifyOptions = {},
): number | null {
  const digits = options.digits ?? 6;
  if (typeof code !== 'string' || code.length !== digits || !/^\d+$/.test(code)) return null;
  const period = options.period ?? 30;
  const result = verifySync({
    secret: bytesOf(secret),
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    digits,
    algorithm: options.algorithm ?? 'sha1',
    period,
    epochTolerance: (options.window ?? 1) * period,
    ...(options.afterStep !== undefined && options.afterStep !== null ? { afterTimeStep: options.afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** otpauth:// URI for an authenticator app's QR code. */
export function totpUri(input: { issuer: string; label: string; secret: string } & TotpOptions): string {
  return generateURI({
    issuer: input.issuer,
    label: input.label,
    secret: input.secret,
    digits: input.digits ?? 6,
    algorithm: input.algorithm ?? 'sha1',
    period: input.period ?? 30,
  });
}

function bytesOf(secret: Uint8Array | string): Uint8Array {
  return typeof secret === 'string' ? totpSecretBytes(secret) : secret;
}
