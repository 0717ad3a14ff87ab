import { createCipheriv, randomBytes } from 'node:crypto';
import { decryptPassword } from './password-decryption';

describe('decryptPassword (PASSWORD_ENCRYPTION_AES)', () => {
  const key = Buffer.from('Qee4CK44d8GduTxoHU7JPM2lCs+KF63akIpKyaLk9+c=', 'base64');

  it('decrypts the Web Flow test vector', () => {
    expect(decryptPassword('uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==', key, 'AES/CBC/PKCS7Padding')).toBe(
      'passw0rd',
    );
  });

  it('round-trips what Web Flow would send, for every AES key size', () => {
    for (const size of [16, 24, 32]) {
      const k = randomBytes(size);
      const iv = randomBytes(16);
      const cipher = createCipheriv(`aes-${size * 8}-cbc`, k, iv);
      const ct = Buffer.concat([cipher.update('heslo čeština', 'utf8'), cipher.final()]);
      expect(decryptPassword(`${iv.toString('base64')}:${ct.toString('base64')}`, k, 'AES/CBC/PKCS5Padding')).toBe(
        'heslo čeština',
      );
    }
  });

  it('treats an empty transformation as AES/CBC/PKCS7Padding', () => {
    expect(decryptPassword('uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==', key, '')).toBe('passw0rd');
  });

  it.each([
    ['no separator', 'uOaHgDWvvrHPzFSvRY6bUg=='],
    ['three parts', 'a:b:c'],
    ['not base64', 'uOaHgDWvvrHPzFSvRY6bUg==:***'],
    ['short iv', 'AAAA:y8SuSlUipZKkcw2QjCpuCw=='],
    ['bad padding', 'uOaHgDWvvrHPzFSvRY6bUg==:AAAAAAAAAAAAAAAAAAAAAA=='],
  ])('returns null for %s', (_name, value) => {
    expect(decryptPassword(value, key, 'AES/CBC/PKCS7Padding')).toBeNull();
  });

  it('refuses other transformations and a wrong key', () => {
    expect(
      decryptPassword('uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==', key, 'AES/ECB/PKCS5Padding'),
    ).toBeNull();
    expect(decryptPassword('uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==', randomBytes(32), null)).not.toBe(
      'passw0rd',
    );
  });
});
