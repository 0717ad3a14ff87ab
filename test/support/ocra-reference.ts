import { createHash, createHmac } from 'node:crypto';

/**
 * The tests' own OCRA (RFC 6287), written from the RFC independently of the server's, and
 * checked against its Appendix C vectors (ocra-reference.spec.ts). Suites of the form
 * `OCRA-1:HOTP-SHA{1,256,512}-{0,4..10}:[C-]Q{A,N,H}{04..64}[-PSHA{1,256,512}][-T{n}{S,M,H}]`.
 */
export interface OcraInput {
  question: string;
  counter?: number | bigint;
  pin?: string;
  /** Time steps since the epoch (already divided by the suite's step). */
  timeSteps?: number | bigint;
}

export function referenceOcra(suite: string, key: Buffer, input: OcraInput): string {
  const [, cryptoFunction, dataInput] = suite.split(':');
  const crypto = /^HOTP-SHA(1|256|512)-(\d+)$/.exec(cryptoFunction);
  if (!crypto) throw new Error(`unsupported crypto function ${cryptoFunction}`);
  const hash = `sha${crypto[1]}`;
  const digits = Number(crypto[2]);
  const parts: Buffer[] = [Buffer.from(suite, 'utf8'), Buffer.from([0])];
  for (const item of dataInput.split('-')) {
    if (item === 'C') parts.push(u64(BigInt(input.counter ?? 0)));
    else if (/^Q[ANH]\d\d$/.test(item)) parts.push(question(item[1] as 'A' | 'N' | 'H', input.question));
    else if (/^PSHA(1|256|512)$/.test(item)) {
      parts.push(
        createHash(`sha${item.slice(4)}`)
          .update(input.pin ?? '')
          .digest(),
      );
    } else if (/^T\d+[SMH]$/.test(item)) parts.push(u64(BigInt(input.timeSteps ?? 0)));
    else throw new Error(`unsupported data input ${item}`);
  }
  const mac = createHmac(hash, key).update(Buffer.concat(parts)).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return digits === 0 ? String(binary) : String(binary % 10 ** digits).padStart(digits, '0');
}

function u64(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(value);
  return buffer;
}

/** The question as 128 bytes: numeric as hex of its value, alphanumeric as bytes, hex as is; zero-padded on the right. */
function question(format: 'A' | 'N' | 'H', q: string): Buffer {
  let hex: string;
  if (format === 'N') hex = BigInt(q).toString(16).toUpperCase();
  else if (format === 'A') hex = Buffer.from(q, 'ascii').toString('hex');
  else hex = q;
  if (hex.length % 2 === 1 && format === 'N') hex = `${hex}0`; // RFC reference code pads the nibble on the right
  return Buffer.from(hex.padEnd(256, '0'), 'hex');
}

/** RFC 4648 Base32 (no padding) to bytes, as an authenticator app reads a secret. */
export function fromBase32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not Base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
