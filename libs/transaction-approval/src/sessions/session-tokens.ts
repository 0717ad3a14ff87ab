import { randomBytes, randomInt } from 'node:crypto';

/** A new session token: 32 CSPRNG bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a presented token must look like before it is hashed and looked up. */
export const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** `data.id`: 18 random digits, the first not 0 (as the anchor's 121849797510425576). */
export function newSessionId(): string {
  let id = String(randomInt(1, 10));
  while (id.length < 18) id += String(randomInt(0, 1_000_000)).padStart(6, '0');
  return id.slice(0, 18);
}

export const TOKEN_HASH_PURPOSE = 'transaction-approval.session-token';
