import { createHash, randomInt } from 'node:crypto';
import type { ChainRef, CodeFormat } from './challenge.types';

/** A code of the format from a CSPRNG, one uniformly drawn character at a time. */
export function generateCode(format: CodeFormat): string {
  let code = '';
  for (let i = 0; i < format.length; i++) code += format.alphabet[randomInt(format.alphabet.length)];
  return code;
}

/** Throws for a format a code cannot be drawn from (a caller's bug, not a user's input). */
export function assertCodeFormat(format: CodeFormat): void {
  const { alphabet, length } = format;
  if (alphabet.length < 2 || alphabet.length > 100 || new Set(alphabet).size !== alphabet.length) {
    throw new Error('Challenge code alphabet: 2–100 distinct characters');
  }
  if (format.caseInsensitive && new Set(alphabet.toUpperCase()).size !== alphabet.length) {
    throw new Error('Challenge code alphabet: case-insensitive codes need characters distinct when upper-cased');
  }
  if (!Number.isInteger(length) || length < 4 || length > 64) throw new Error('Challenge code length: 4–64');
}

/** The form a code is hashed in: upper-cased when the format ignores case. */
export function normalizeCode(code: string, caseInsensitive: boolean): string {
  return caseInsensitive ? code.toUpperCase() : code;
}

/** Bound values in one canonical string (sorted keys), so key order never matters. */
export function canonicalBinding(binding: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(binding)
      .sort()
      .map((key) => [key, String(binding[key])]),
  );
}

/** Chain and subject keys: exact on every database (no collation), fixed length. */
export function chainKeyOf(ref: ChainRef): string {
  return sha256(JSON.stringify(['chain', ref.purpose, ref.subject, ref.step]));
}

export function subjectKeyOf(purpose: string, subject: string): string {
  return sha256(JSON.stringify(['subject', purpose, subject]));
}

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
