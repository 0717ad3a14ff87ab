import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('seals so that the plaintext is not readable and opens it again', () => {
    const sealed = box.seal('totp.secret', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(sealed.startsWith(`sb1.${box.keyId}.`)).toBe(true);
    expect(box.open('totp.secret', sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('totp.secret', 'JBSWY3DPEHPK3PXP')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses another purpose, a changed value and another key', () => {
    const sealed = box.seal('outbox.text', 'Your code is 12345678');
    expect(() => box.open('totp.secret', sealed)).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3], 'base64url');
    flipped[0] ^= 1;
    parts[3] = flipped.toString('base64url');
    expect(() => box.open('outbox.text', parts.join('.'))).toThrow(SecretBoxError);
    expect(() => new SecretBox(randomBytes(32)).open('outbox.text', sealed)).toThrow(/unknown key/);
    expect(() => box.open('outbox.text', 'plain text')).toThrow(/Not a sealed value/);
  });

  it('opens values sealed under a previous key after a rotation', () => {
    const sealed = box.seal('ocra.secret', 's3cr3t');
    const rotated = new SecretBox(randomBytes(32), [key]);
    expect(rotated.open('ocra.secret', sealed)).toBe('s3cr3t');
    expect(rotated.needsResealing(sealed)).toBe(true);
    expect(rotated.needsResealing(rotated.seal('ocra.secret', 's3cr3t'))).toBe(false);
  });
});
