import { createHmac } from 'node:crypto';
import { timeStep, totpCode, totpUri, verifyTotp } from './totp';

const SEEDS = {
  sha1: '12345678901234567890',
  sha256: '12345678901234567890123456789012',
  sha512: '1234567890123456789012345678901234567890123456789012345678901234',
} as const;

/** RFC 6238 appendix B (8 digits, T0 = 0, X = 30). */
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

/** A second, independent implementation (RFC 4226 §5.3 written out with node:crypto). */
function referenceTotp(key: Buffer, epochSeconds: number, algorithm: string, digits: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(epochSeconds / 30)));
  const mac = createHmac(algorithm, key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(value).padStart(digits, '0');
}

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('appendix B at T=%d', async (time, sha1, sha256, sha512) => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(await totpCode(bytes(SEEDS.sha1), time, { algorithm: 'sha1', digits: 8 })).toBe(sha1);
    expect(await totpCode(bytes(SEEDS.sha256), time, { algorithm: 'sha256', digits: 8 })).toBe(sha256);
    expect(await totpCode(bytes(SEEDS.sha512), time, { algorithm: 'sha512', digits: 8 })).toBe(sha512);
    expect(referenceTotp(Buffer.from(SEEDS.sha1), time, 'sha1', 8)).toBe(sha1);
  });

  const key = Buffer.from('0123456789abcdefghij');
  const secret = base32(key);
  const now = new Date(1_800_000_015_000);

  it('accepts the current step and one step either side, nothing further', async () => {
    const at = (offsetSteps: number) => referenceTotp(key, now.getTime() / 1000 + offsetSteps * 30, 'sha1', 6);
    const step = timeStep(now);
    expect(await verifyTotp(secret, at(0), now)).toBe(step);
    expect(await verifyTotp(secret, at(-1), now)).toBe(step - 1);
    expect(await verifyTotp(secret, at(1), now)).toBe(step + 1);
    expect(await verifyTotp(secret, at(-2), now)).toBeNull();
    expect(await verifyTotp(secret, at(2), now)).toBeNull();
    expect(await verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('refuses a code of a step not later than the last accepted one (replay)', async () => {
    const code = referenceTotp(key, now.getTime() / 1000, 'sha1', 6);
    const step = timeStep(now);
    expect(await verifyTotp(secret, code, now, { afterStep: step - 1 })).toBe(step);
    expect(await verifyTotp(secret, code, now, { afterStep: step })).toBeNull();
  });

  it('writes the enrolment URI authenticator apps expect', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'jana novak')).toBe(
      'otpauth://totp/stepwise:jana%20novak?secret=JBSWY3DPEHPK3PXP&issuer=stepwise&algorithm=SHA1&digits=6&period=30',
    );
  });
});
