import { compactVerify, importJWK } from 'jose';
import { DeviceError } from './device-error';
import type { DevicePublicKey } from './device.entity';

export type Decision = 'APPROVE' | 'DENY';

/** What the device signs (spec §7): `number` is null when the device sent none. */
export interface SignedDecision {
  approvalId: string;
  decision: Decision;
  number: string | null;
  dataHash: string;
}

const MAX_JWS_LENGTH = 4096;

/**
 * Checks that `jws` is a compact ES256 JWS by the device's key whose payload is exactly the
 * decision being submitted. Anything else (another key, another algorithm, another payload,
 * garbage) is SIGNATURE_INVALID, and nothing has been changed yet.
 */
export async function verifyDecisionSignature(
  jws: string,
  publicKey: DevicePublicKey,
  expected: SignedDecision,
): Promise<void> {
  const invalid = new DeviceError('SIGNATURE_INVALID', 'The decision signature is not valid.');
  if (typeof jws !== 'string' || jws.length > MAX_JWS_LENGTH) throw invalid;
  let payload: unknown;
  try {
    const key = await importJWK({ ...publicKey }, 'ES256');
    const verified = await compactVerify(jws, key, { algorithms: ['ES256'] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch {
    throw invalid;
  }
  const signed = payload as Partial<Record<keyof SignedDecision, unknown>> | null;
  if (
    !signed ||
    typeof signed !== 'object' ||
    signed.approvalId !== expected.approvalId ||
    signed.decision !== expected.decision ||
    (signed.number ?? null) !== expected.number ||
    signed.dataHash !== expected.dataHash
  ) {
    throw invalid;
  }
}
