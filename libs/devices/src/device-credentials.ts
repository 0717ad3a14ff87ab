import { createPublicKey, randomBytes, randomInt } from 'node:crypto';
import { DeviceError } from './device-error';
import type { DevicePublicKey } from './device.entity';

/** The only OCRA suite devices are given (spec §7). */
export const OCRA_SUITE = 'OCRA-1:HOTP-SHA256-8:QH64';

/** Crockford's alphabet without I, L, O, U: readable and typable from a screen. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_GROUPS = 4;
const GROUP_LENGTH = 5;

/** A single-use activation code, e.g. `7K2QD-X9M4T-…` (100 bits from the CSPRNG). */
export function newActivationCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** The form an activation code is hashed in: case, spaces and dashes do not matter. */
export function normalizeActivationCode(code: string): string | null {
  const compact = code.toUpperCase().replace(/[\s-]/g, '');
  return compact.length === CODE_GROUPS * GROUP_LENGTH && [...compact].every((c) => CODE_ALPHABET.includes(c))
    ? compact
    : null;
}

export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newOcraSecret(): Buffer {
  return randomBytes(32); // the HMAC-SHA-256 block of the suite takes 32 bytes
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 Base32 without padding: how authenticator apps take secrets. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * The public EC P-256 key of an activation: only kty/crv/x/y are kept, a private part is
 * refused (the app must never send it), and the point must lie on the curve.
 */
export function parseDevicePublicKey(jwk: unknown): DevicePublicKey {
  const key = jwk as Partial<Record<string, unknown>> | null;
  const invalid = (why: string) => new DeviceError('PUBLIC_KEY_INVALID', `publicKey ${why}.`);
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid('must be a JWK object');
  if (key.kty !== 'EC' || key.crv !== 'P-256') throw invalid('must be an EC P-256 JWK');
  if ('d' in key) throw invalid('must not contain the private key');
  const { x, y } = key;
  if (
    typeof x !== 'string' ||
    typeof y !== 'string' ||
    !/^[A-Za-z0-9_-]{43}$/.test(x) ||
    !/^[A-Za-z0-9_-]{43}$/.test(y)
  ) {
    throw invalid('needs x and y (base64url, 32 bytes each)');
  }
  const publicKey: DevicePublicKey = { kty: 'EC', crv: 'P-256', x, y };
  try {
    createPublicKey({ key: { ...publicKey }, format: 'jwk' });
  } catch {
    throw invalid('is not a point on P-256');
  }
  return publicKey;
}
