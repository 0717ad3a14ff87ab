import { createDecipheriv } from 'node:crypto';

export type PasswordProtectionType = 'NO_PROTECTION' | 'PASSWORD_ENCRYPTION_AES';
export const PASSWORD_PROTECTION_TYPES: readonly PasswordProtectionType[] = [
  'NO_PROTECTION',
  'PASSWORD_ENCRYPTION_AES',
];

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** Java transformations Web Flow may send; PKCS5 and PKCS7 padding are the same for AES. */
const TRANSFORMATION = /^AES\/CBC\/PKCS[57]Padding$/i;

/**
 * Recovers a password Web Flow encrypted as `base64(iv):base64(ciphertext)` with AES/CBC and the
 * shared key. Returns null for anything that does not decrypt cleanly, so the caller answers
 * with a failed authentication and never a 500.
 */
export function decryptPassword(
  protectedPassword: string,
  key: Buffer,
  cipherTransformation?: string | null,
): string | null {
  const transformation = cipherTransformation?.trim() || 'AES/CBC/PKCS7Padding';
  if (!TRANSFORMATION.test(transformation) || ![16, 24, 32].includes(key.length)) return null;
  const parts = protectedPassword.split(':');
  if (parts.length !== 2 || !BASE64.test(parts[0]) || !BASE64.test(parts[1])) return null;
  const iv = Buffer.from(parts[0], 'base64');
  const ciphertext = Buffer.from(parts[1], 'base64');
  if (iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  try {
    const decipher = createDecipheriv(`aes-${key.length * 8}-cbc`, key, iv);
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return null;
  }
}
