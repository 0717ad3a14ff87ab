import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyedHasher } from '@app/core';

const VERSION = 'v1';

/**
 * AES-256-GCM encryption at rest for the TOTP secrets. The key is derived from SERVER_KEY
 * (HMAC-SHA-256 through KeyedHasher, a PRF, under its own purpose), `purpose` is bound as
 * additional data so a sealed value of one use never opens as another. The core's SecretBox
 * offers the same seal/open pair; this class is the seam to switch to it.
 */
@Injectable()
export class SecretSealer {
  private readonly key: Buffer;

  constructor(hasher: KeyedHasher) {
    this.key = Buffer.from(hasher.hash('tf-secret-sealing-key', VERSION), 'hex');
  }

  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      iv.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  open(purpose: string, sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !body || !tag) throw new Error('Unknown sealed value format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
