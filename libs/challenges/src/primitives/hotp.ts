import { generateSync } from 'otplib';

export type OtpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface HotpOptions {
  digits?: 6 | 7 | 8;
  algorithm?: OtpAlgorithm;
}

/** HOTP value of `counter` (RFC 4226), computed by otplib. */
export function hotp(secret: Uint8Array, counter: number, options: HotpOptions = {}): string {
  return generateSync({
    strategy: 'hotp',
    secret,
    counter,
    digits: options.digits ?? 6,
    algorithm: options.algorithm ?? 'sha1',
  });
}
