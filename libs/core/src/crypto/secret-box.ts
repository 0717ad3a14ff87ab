import { Inject, Injectable, Optional } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { SERVER_KEY } from './keyed-hasher';

/** Earlier server keys whose sealed values must still open while they are re-sealed (rotation). */
export const PREVIOUS_SERVER_KEYS = Symbol('PREVIOUS_SERVER_KEYS');

const VERSION = 'sb1';
const IV_BYTES = 12;

interface BoxKey {
  id: string;
  key: Buffer;
}

export class SecretBoxError extends Error {}

/**
 * Encryption at rest for secrets that must be read back (TOTP and OCRA secrets, message texts
 * holding a code, signing keys): AES-256-GCM with a key derived (HKDF-SHA-256) from SERVER_KEY,
 * so the database alone reveals nothing. The sealed form `sb1.<keyId>.<iv>.<ciphertext>.<tag>`
 * names its key, so values sealed under a previous key still open after a rotation, and
 * `purpose` is bound as associated data: a value sealed for one use never opens as another.
 */
@Injectable()
export class SecretBox {
  private readonly current: BoxKey;
  private readonly keys = new Map<string, Buffer>();

  constructor(
    @Inject(SERVER_KEY) serverKey: Buffer,
    @Optional() @Inject(PREVIOUS_SERVER_KEYS) previousKeys: Buffer[] | null = null,
  ) {
    this.current = deriveKey(serverKey);
    for (const key of [this.current, ...(previousKeys ?? []).map(deriveKey)]) this.keys.set(key.id, key.key);
  }

  /** The id of the key new values are sealed with (stored beside nothing: it is inside each value). */
  get keyId(): string {
    return this.current.id;
  }

  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join('.');
  }

  open(purpose: string, sealed: string): string {
    const [version, keyId, iv, ciphertext, tag, extra] = sealed.split('.');
    if (version !== VERSION || extra !== undefined || !keyId || !iv || ciphertext === undefined || !tag) {
      throw new SecretBoxError('Not a sealed value.');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new SecretBoxError(`Sealed with an unknown key (${keyId}).`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('The sealed value does not open (wrong purpose, key or a changed value).');
    }
  }

  /** Whether a value was sealed with an older key and should be sealed again. */
  needsResealing(sealed: string): boolean {
    return sealed.split('.')[1] !== this.current.id;
  }
}

function deriveKey(serverKey: Buffer): BoxKey {
  const key = Buffer.from(hkdfSync('sha256', serverKey, 'stepwise', 'secret-box/v1', 32));
  const id = createHash('sha256').update('stepwise secret-box key id\0').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');
