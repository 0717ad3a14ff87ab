import { createHash, randomBytes } from 'node:crypto';
import { toDataURL } from 'qrcode';
import { canonicalJson } from '../canonical-json';

/** Scheme and version of the offline QR payload (spec §7). */
const PAYLOAD_PREFIX = 'stepwise-ta:1';

/** A fresh per-session nonce (32 bytes, hex) the offline challenge is derived from. */
export function newOfflineNonce(): string {
  return randomBytes(32).toString('hex');
}

/**
 * challenge = SHA-256(session nonce ‖ canonical JSON of the linked parameters), hex: 64 hex
 * digits, exactly the QH64 question of the OCRA suite. Another amount or account gives
 * another challenge, so the code the app computes is bound to what it showed.
 */
export function offlineChallenge(nonceHex: string, linkedParameters: Record<string, string>): string {
  return createHash('sha256')
    .update(Buffer.from(nonceHex, 'hex'))
    .update(canonicalJson(linkedParameters))
    .digest('hex');
}

/** `stepwise-ta:1:<challenge>:<base64url(JSON of the linked parameters)>`. */
export function offlinePayload(challenge: string, linkedParameters: Record<string, string>): string {
  return `${PAYLOAD_PREFIX}:${challenge}:${Buffer.from(canonicalJson(linkedParameters)).toString('base64url')}`;
}

/** The payload as a PNG QR code data URL (error correction M: robust on screens). */
export function offlineQrCode(payload: string): Promise<string> {
  return toDataURL(payload, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
