import { createHash, createHmac } from 'node:crypto';

/**
 * OCRA, the OATH challenge-response algorithm (RFC 6287), for offline codes a token computes
 * from a challenge (e.g. a transaction's data). Written here because no maintained npm package
 * implements it; RFC 6287 Appendix C vectors are its tests.
 */

type Hash = 'sha1' | 'sha256' | 'sha512';

export interface OcraSuite {
  /** The suite string exactly as given, e.g. OCRA-1:HOTP-SHA1-6:QN08 (part of the HMAC input). */
  text: string;
  hash: Hash;
  /** 0 = no truncation (the full HMAC in hex), else 4–10. */
  digits: number;
  counter: boolean;
  question: { format: 'A' | 'N' | 'H'; maxLength: number };
  password: Hash | null;
  /** Length in bytes of the session information, or null. */
  sessionLength: number | null;
  /** Seconds per time step, or null. */
  timeStep: number | null;
}

export interface OcraInput {
  /** The challenge: digits (QN), hex (QH) or printable characters (QA). */
  question: string;
  /** Mutual challenge-response (RFC 6287 §7.3): the question is two challenges concatenated. */
  mutual?: boolean;
  /** Required when the suite has C. */
  counter?: number | bigint;
  /** The PIN / password, hashed with the suite's P hash; or `passwordHash` as hex. */
  password?: string;
  passwordHash?: string;
  /** Session information as hex (suite Snnn). */
  session?: string;
  /** Time for suite T: a Date, or the time-step count itself. */
  time?: Date | number;
}

const SUITE = /^OCRA-1:HOTP-(SHA1|SHA256|SHA512)-(\d{1,2}):(.+)$/;
const TIME_UNITS: Record<string, number> = { S: 1, M: 60, H: 3600 };

/** Parses and checks a suite string; throws a plain Error naming what is wrong. */
export function parseOcraSuite(text: string): OcraSuite {
  const match = SUITE.exec(text);
  if (!match) throw new Error(`Unsupported OCRA suite "${text}"`);
  const digits = Number(match[2]);
  if (digits !== 0 && (digits < 4 || digits > 10)) throw new Error(`OCRA suite "${text}": digits must be 0 or 4–10`);
  const suite: OcraSuite = {
    text,
    hash: match[1].toLowerCase() as Hash,
    digits,
    counter: false,
    question: { format: 'N', maxLength: 8 },
    password: null,
    sessionLength: null,
    timeStep: null,
  };
  let sawQuestion = false;
  const parts = match[3].split('-');
  parts.forEach((part, index) => {
    if (part === 'C' && index === 0) {
      suite.counter = true;
    } else if (/^Q[ANH]\d\d$/.test(part) && !sawQuestion) {
      const maxLength = Number(part.slice(2));
      if (maxLength < 4 || maxLength > 64) throw new Error(`OCRA suite "${text}": question length must be 04–64`);
      suite.question = { format: part[1] as 'A' | 'N' | 'H', maxLength };
      sawQuestion = true;
    } else if (/^PSHA(1|256|512)$/.test(part) && sawQuestion) {
      suite.password = part.slice(1).toLowerCase() as Hash;
    } else if (/^S\d{3}$/.test(part) && sawQuestion) {
      suite.sessionLength = Number(part.slice(1));
    } else if (/^T\d{1,2}[SMH]$/.test(part) && sawQuestion) {
      const amount = Number(part.slice(1, -1));
      const unit = part.slice(-1);
      if (amount < 1 || amount > (unit === 'H' ? 48 : 59)) throw new Error(`OCRA suite "${text}": bad time step`);
      suite.timeStep = amount * TIME_UNITS[unit];
    } else {
      throw new Error(`OCRA suite "${text}": unexpected "${part}"`);
    }
  });
  if (!sawQuestion) throw new Error(`OCRA suite "${text}": a question (Q) is required`);
  return suite;
}

/** The OCRA response of `secret` for the input under `suite` (a suite string or a parsed one). */
export function ocra(suite: string | OcraSuite, secret: Uint8Array, input: OcraInput): string {
  const s = typeof suite === 'string' ? parseOcraSuite(suite) : suite;
  const parts: Buffer[] = [Buffer.from(s.text, 'latin1'), Buffer.alloc(1)];
  if (s.counter) {
    if (input.counter === undefined) throw new Error('OCRA: the suite needs a counter');
    parts.push(uint64(BigInt(input.counter)));
  }
  parts.push(questionBytes(s, input.question, input.mutual === true));
  if (s.password) {
    const hash = input.passwordHash ?? (input.password !== undefined ? digest(s.password, input.password) : null);
    if (hash === null || !/^[0-9a-fA-F]*$/.test(hash)) throw new Error('OCRA: the suite needs a password');
    const bytes = Buffer.from(hash, 'hex');
    const size = createHash(s.password).digest().length;
    if (bytes.length !== size) throw new Error('OCRA: password hash of the wrong length');
    parts.push(bytes);
  }
  if (s.sessionLength !== null) {
    const session = input.session ?? '';
    if (!/^[0-9a-fA-F]*$/.test(session) || session.length > s.sessionLength * 2) {
      throw new Error('OCRA: session information must be hex of at most the suite length');
    }
    parts.push(Buffer.from(session.padStart(s.sessionLength * 2, '0'), 'hex'));
  }
  if (s.timeStep !== null) {
    if (input.time === undefined) throw new Error('OCRA: the suite needs a time');
    const steps = typeof input.time === 'number' ? input.time : Math.floor(input.time.getTime() / 1000 / s.timeStep);
    parts.push(uint64(BigInt(steps)));
  }
  const mac = createHmac(s.hash, secret).update(Buffer.concat(parts)).digest();
  if (s.digits === 0) return mac.toString('hex');
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** s.digits;
  return binary.toString().padStart(s.digits, '0');
}

/** The question as the 128-byte field of the HMAC input (RFC 6287 §5.1: left-aligned, zero-padded). */
function questionBytes(suite: OcraSuite, question: string, mutual: boolean): Buffer {
  const { format } = suite.question;
  const maxLength = suite.question.maxLength * (mutual ? 2 : 1);
  if (typeof question !== 'string' || question.length < 4 || question.length > maxLength) {
    throw new Error(`OCRA: the question must have 4–${maxLength} characters`);
  }
  let hex: string;
  if (format === 'N') {
    if (!/^\d+$/.test(question)) throw new Error('OCRA: a numeric question must be digits');
    hex = BigInt(question).toString(16);
  } else if (format === 'H') {
    if (!/^[0-9a-fA-F]+$/.test(question)) throw new Error('OCRA: a hex question must be hex digits');
    hex = question;
  } else {
    if (!/^[\x20-\x7e]+$/.test(question)) throw new Error('OCRA: an alphanumeric question must be printable ASCII');
    hex = Buffer.from(question, 'latin1').toString('hex');
  }
  if (hex.length % 2 === 1) hex += '0';
  return Buffer.from(hex.padEnd(256, '0'), 'hex');
}

function uint64(value: bigint): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(value);
  return buffer;
}

function digest(hash: Hash, value: string): string {
  return createHash(hash).update(value, 'utf8').digest('hex');
}
