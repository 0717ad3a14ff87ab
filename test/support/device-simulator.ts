import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import TestAgent from 'supertest/lib/agent';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/**
 * A mobile app in the test: its own EC P-256 key pair, activation through the device API, and
 * decisions signed as real compact JWS (ES256) over {approvalId, decision, number, dataHash}.
 */
export class DeviceSimulator {
  deviceId = '';
  token = '';
  ocraSecret = '';

  private constructor(
    private readonly http: TestAgent,
    readonly keys: KeyPair,
  ) {}

  static async create(http: TestAgent): Promise<DeviceSimulator> {
    return new DeviceSimulator(http, await generateKeyPair('ES256', { extractable: true }));
  }

  async publicJwk(): Promise<Record<string, unknown>> {
    const { kty, crv, x, y } = await exportJWK(this.keys.publicKey);
    return { kty, crv, x, y };
  }

  async activate(activationCode: string): Promise<void> {
    const res = await this.http
      .post('/device/v1/activate')
      .send({ activationCode, publicKey: await this.publicJwk(), displayName: 'Test phone' });
    if (res.status !== 200) throw new Error(`activation failed: ${res.status} ${JSON.stringify(res.body)}`);
    Object.assign(this, { deviceId: res.body.deviceId, token: res.body.deviceToken, ocraSecret: res.body.ocraSecret });
  }

  approvals() {
    return this.http.get('/device/v1/approvals').set('Authorization', `Bearer ${this.token}`);
  }

  async sign(payload: Record<string, unknown>, keys: KeyPair = this.keys): Promise<string> {
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(keys.privateKey);
  }

  /** Signs and sends a decision for an approval as listed (its dataHash). */
  async decide(
    approval: { approvalId: string; dataHash: string },
    decision: 'APPROVE' | 'DENY',
    number?: string,
    options: { signature?: string } = {},
  ) {
    const signature =
      options.signature ??
      (await this.sign({
        approvalId: approval.approvalId,
        decision,
        number: number ?? null,
        dataHash: approval.dataHash,
      }));
    return this.http
      .post(`/device/v1/approvals/${approval.approvalId}`)
      .set('Authorization', `Bearer ${this.token}`)
      .send({ decision, ...(number !== undefined ? { number } : {}), signature });
  }
}
