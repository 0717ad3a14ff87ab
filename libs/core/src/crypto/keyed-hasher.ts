import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SERVER_KEY = Symbol('SERVER_KEY');

/**
 * Keyed hashes (HMAC-SHA-256 with the server key) for secrets that are long and random or
 * short-lived: API client secrets, OTPs, tokens. A database leak alone does not let anyone
 * verify guesses offline. `purpose` separates the uses so a hash of one kind never verifies
 * as another.
 */
@Injectable()
export class KeyedHasher {
  constructor(@Inject(SERVER_KEY) private readonly key: Buffer) {}

  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(purpose).update('\0').update(value).digest('hex');
  }

  /** Constant-time comparison against a stored hash. */
  matches(purpose: string, value: string, storedHash: string): boolean {
    const expected = Buffer.from(storedHash, 'hex');
    const actual = Buffer.from(this.hash(purpose, value), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
