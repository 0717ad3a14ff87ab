/* eslint-disable no-console -- a command-line tool: its output is the point */
import { CompactSign, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A stand-in for the bank's mobile app, to try push approval by hand (README "Push approval"):
 *
 *   node dist/scripts/device.js activate <activationCode|activationUri>
 *   node dist/scripts/device.js approvals
 *   node dist/scripts/device.js approve <approvalId> [number]    (number: number matching)
 *   node dist/scripts/device.js deny <approvalId>
 *   node dist/scripts/device.js offline-code '<stepwise-ta:1:… QR payload>' | <challenge>
 *
 * STEPWISE_URL (default http://localhost:8080) is the server; DEVICE_STATE (default
 * ./device-state.json) keeps what a real app keeps in its secure storage: the private key, the
 * device token and the OCRA secret. For trying out only.
 */
const BASE = process.env.STEPWISE_URL ?? 'http://localhost:8080';
const STATE_FILE = process.env.DEVICE_STATE ?? 'device-state.json';
const OCRA_SUITE = 'OCRA-1:HOTP-SHA256-8:QH64';

interface DeviceState {
  deviceId: string;
  deviceToken: string;
  ocraSecret: string;
  privateKey: JWK;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'activate':
      return activate(args[0]);
    case 'approvals':
      return print(await call('GET', '/device/v1/approvals'));
    case 'approve':
    case 'deny':
      return decide(args[0], command === 'approve' ? 'APPROVE' : 'DENY', args[1]);
    case 'offline-code':
      return console.log(offlineCode(args[0]));
    default:
      throw new Error('usage: device.js activate|approvals|approve|deny|offline-code …');
  }
}

/** Generates the device key pair, activates with the code and keeps the answer. */
async function activate(codeOrUri: string | undefined): Promise<void> {
  if (!codeOrUri) throw new Error('activate needs the activation code (or URI)');
  const activationCode = codeOrUri.includes('code=') ? new URL(codeOrUri).searchParams.get('code')! : codeOrUri;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const answer = (await call('POST', '/device/v1/activate', {
    activationCode,
    publicKey: { kty, crv, x, y },
    displayName: 'device.js',
  })) as Omit<DeviceState, 'privateKey'>;
  const state: DeviceState = { ...answer, privateKey: await exportJWK(privateKey) };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  console.log(`activated device ${answer.deviceId}; state kept in ${STATE_FILE}`);
}

/** Signs {approvalId, decision, number, dataHash} (ES256, compact JWS) and sends the decision. */
async function decide(approvalId: string | undefined, decision: 'APPROVE' | 'DENY', number?: string): Promise<void> {
  if (!approvalId) throw new Error(`${decision.toLowerCase()} needs the approvalId`);
  const { approvals } = (await call('GET', '/device/v1/approvals')) as {
    approvals: Array<{ approvalId: string; dataHash: string; message: string }>;
  };
  const approval = approvals.find((a) => a.approvalId === approvalId);
  if (!approval) throw new Error(`no pending approval ${approvalId}`);
  console.log(`deciding on:\n${approval.message}`);
  const payload = { approvalId, decision, number: number ?? null, dataHash: approval.dataHash };
  const key = await importJWK(state().privateKey, 'ES256');
  const signature = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256' })
    .sign(key);
  print(
    await call('POST', `/device/v1/approvals/${approvalId}`, { decision, ...(number ? { number } : {}), signature }),
  );
}

/** What the app shows and computes for the offline QR code: the data, then the OCRA value. */
function offlineCode(payload: string | undefined): string {
  // The QR payload, or just its challenge (the `challenge` of the qr-code answer) when typing by hand.
  const [scheme, version, challenge, data] = /^[0-9a-f]{64}$/.test(payload ?? '')
    ? ['stepwise-ta', '1', payload!, '']
    : (payload ?? '').split(':');
  if (scheme !== 'stepwise-ta' || version !== '1' || !/^[0-9a-f]{64}$/.test(challenge ?? '')) {
    throw new Error('not a stepwise-ta:1 QR payload');
  }
  if (data) console.error(`transaction: ${Buffer.from(data, 'base64url').toString('utf8')}`);
  // RFC 6287: suite ‖ 0x00 ‖ question (hex, right-padded to 128 bytes); HMAC-SHA-256; 8 digits.
  const message = Buffer.concat([
    Buffer.from(OCRA_SUITE),
    Buffer.alloc(1),
    Buffer.from(challenge.padEnd(256, '0'), 'hex'),
  ]);
  const mac = createHmac('sha256', base32(state().ocraSecret)).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** 8).padStart(8, '0');
}

function state(): DeviceState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as DeviceState;
}

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!path.endsWith('/activate')) headers.authorization = `Bearer ${state().deviceToken}`;
  const response = await fetch(new URL(path, BASE), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text.toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(char);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function print(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
