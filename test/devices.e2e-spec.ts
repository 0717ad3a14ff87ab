import { calculateJwkThumbprint, createLocalJWKSet, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { ApprovalProofs, ApprovalsService, offlineChallenge, offlinePayload, offlineQrCode } from '@app/devices';
import { DeliveryRetryJob } from '@app/delivery';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { DeviceSimulator } from './support/device-simulator';
import { PushBridgeSink } from './support/push-bridge-sink';

const KEYS_PATH = '/auth-transaction-approval/rest/transaction-approval/keys';
const PARAMS = { accountNumber: 'CH9300762011623852957', amount: '9999.00', currency: 'CHF' };

async function createUser(t: TestApp, username: string): Promise<string> {
  const res = await t.http
    .post('/admin/users')
    .set('Authorization', t.adminAuth())
    .send({
      username,
      password: 'correct horse battery',
      givenName: 'Jana',
      familyName: 'Dvořák',
      organizationId: 'RETAIL',
      email: `${username}@example.com`,
      language: 'en',
    })
    .expect(201);
  return res.body.userId;
}

async function enrol(t: TestApp, userId: string) {
  const res = await t.http
    .post(`/admin/users/${userId}/devices`)
    .set('Authorization', t.adminAuth())
    .send({ displayName: 'Jana’s phone' });
  expect(res.status).toBe(201);
  return res.body as { deviceId: string; activationCode: string; activationUri: string; expiresAt: string };
}

async function activeDevice(t: TestApp, userId: string): Promise<DeviceSimulator> {
  const device = await DeviceSimulator.create(t.http);
  await device.activate((await enrol(t, userId)).activationCode);
  return device;
}

function request(t: TestApp, userId: string, overrides: Partial<Parameters<ApprovalsService['request']>[0]> = {}) {
  return t.app.get(ApprovalsService).request({
    userId,
    subject: '121849797510425576',
    flowId: 'my-flow-1',
    message: 'Pay 9999.00 CHF to CH9300762011623852957',
    messageParameters: PARAMS,
    numberMatching: false,
    validitySeconds: 120,
    ...overrides,
  });
}

describe('devices, push approvals and proofs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer();
  });
  afterAll(() => t.close());

  describe('enrolment and activation', () => {
    it('enrols, activates once with the code and lists the device; secrets are never shown again', async () => {
      const userId = await createUser(t, 'enrol1');
      const enrolment = await enrol(t, userId);
      expect(enrolment.activationCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      expect(enrolment.activationUri).toBe(`stepwise://activate?code=${enrolment.activationCode}`);
      expect(new Date(enrolment.expiresAt).getTime() - t.clock.now().getTime()).toBe(600_000);

      const device = await DeviceSimulator.create(t.http);
      const res = await t.http
        .post('/device/v1/activate')
        .send({ activationCode: enrolment.activationCode.toLowerCase(), publicKey: await device.publicJwk() })
        .expect(200);
      expect(res.body).toEqual({
        deviceId: enrolment.deviceId,
        deviceToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        ocraSecret: expect.stringMatching(/^[A-Z2-7]{52}$/),
        ocraSuite: 'OCRA-1:HOTP-SHA256-8:QH64',
      });
      const again = await t.http
        .post('/device/v1/activate')
        .send({ activationCode: enrolment.activationCode, publicKey: await device.publicJwk() });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ code: 'ACTIVATION_CODE_INVALID' });

      const list = await t.http.get(`/admin/users/${userId}/devices`).set('Authorization', t.adminAuth()).expect(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({ deviceId: enrolment.deviceId, status: 'ACTIVE', activationExpiresAt: null }),
      ]);
      const everything = JSON.stringify(list.body) + t.logs.text();
      for (const secret of [enrolment.activationCode, res.body.deviceToken, res.body.ocraSecret]) {
        expect(everything).not.toContain(secret);
      }
    });

    it('refuses an expired code, a private key, a non-P-256 key and unknown codes alike', async () => {
      const userId = await createUser(t, 'enrol2');
      const device = await DeviceSimulator.create(t.http);
      const publicKey = await device.publicJwk();
      const expired = await enrol(t, userId);
      const fresh = await enrol(t, userId);
      t.clock.advanceSeconds(601);
      const late = await t.http.post('/device/v1/activate').send({ activationCode: expired.activationCode, publicKey });
      expect(late.body.code).toBe('ACTIVATION_CODE_INVALID');
      const unknown = await t.http
        .post('/device/v1/activate')
        .send({ activationCode: 'AAAAA-AAAAA-AAAAA-AAAAA', publicKey });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('ACTIVATION_CODE_INVALID');
      const withPrivate = { ...publicKey, d: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
      const bad = await t.http
        .post('/device/v1/activate')
        .send({ activationCode: fresh.activationCode, publicKey: withPrivate });
      expect(bad.body.code).toBe('PUBLIC_KEY_INVALID');
      const offCurve = { ...publicKey, x: 'A'.repeat(43) };
      expect(
        (await t.http.post('/device/v1/activate').send({ activationCode: fresh.activationCode, publicKey: offCurve }))
          .body.code,
      ).toBe('PUBLIC_KEY_INVALID');
      const noBody = await t.http.post('/device/v1/activate').send({});
      expect(noBody.status).toBe(400);
      expect(noBody.body.code).toBe('VALIDATION_FAILED');
    });

    it('revokes: the token stops working at once', async () => {
      const userId = await createUser(t, 'revoke1');
      const device = await activeDevice(t, userId);
      await device.approvals().expect(200);
      await t.http
        .delete(`/admin/users/${userId}/devices/${device.deviceId}`)
        .set('Authorization', t.adminAuth())
        .expect(200)
        .expect((res) => expect(res.body.status).toBe('REVOKED'));
      const refused = await device.approvals();
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('DEVICE_TOKEN_INVALID');
      await t.http.get('/device/v1/approvals').expect(401);
      await t.http.get('/device/v1/approvals').set('Authorization', 'Bearer nonsense').expect(401);
      const otherUser = await createUser(t, 'revoke2');
      await t.http
        .delete(`/admin/users/${otherUser}/devices/${device.deviceId}`)
        .set('Authorization', t.adminAuth())
        .expect(404);
    });
  });

  describe('push approvals', () => {
    it('lists the full context and records a signed approve; the request is approved', async () => {
      const userId = await createUser(t, 'push1');
      const device = await activeDevice(t, userId);
      const created = await request(t, userId);
      const listed = (await device.approvals().expect(200)).body.approvals;
      expect(listed).toEqual([
        {
          approvalId: expect.any(String),
          flowId: 'my-flow-1',
          message: 'Pay 9999.00 CHF to CH9300762011623852957',
          messageParameters: PARAMS,
          dataHash: expect.stringMatching(/^[0-9a-f]{64}$/),
          numberMatching: false,
          createdAt: t.clock.now().toISOString(),
          expiresAt: new Date(t.clock.now().getTime() + 120_000).toISOString(),
        },
      ]);
      const res = await device.decide(listed[0], 'APPROVE');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ approvalId: listed[0].approvalId, status: 'APPROVED', reason: null });
      expect(await t.app.get(ApprovalsService).state(created.requestId)).toMatchObject({
        state: 'APPROVED',
        deviceId: device.deviceId,
      });
      expect((await device.approvals()).body.approvals).toEqual([]);
      const audit = await t.http
        .get(`/admin/audit-events?userId=${userId}`)
        .set('Authorization', t.adminAuth())
        .expect(200);
      expect(audit.body.items.map((e: { type: string }) => e.type).sort()).toEqual([
        'device.activated',
        'device.enrolled',
        'push-approval.approved',
      ]);
      const replay = await device.decide(listed[0], 'APPROVE');
      expect(replay.status).toBe(409);
      expect(replay.body.code).toBe('APPROVAL_DECIDED');
    });

    it('a bad or missing signature is 401 and changes nothing', async () => {
      const userId = await createUser(t, 'push2');
      const device = await activeDevice(t, userId);
      const other = await DeviceSimulator.create(t.http);
      const { requestId } = await request(t, userId);
      const [approval] = (await device.approvals()).body.approvals;
      const payload = {
        approvalId: approval.approvalId,
        decision: 'APPROVE',
        number: null,
        dataHash: approval.dataHash,
      };
      const attempts = [
        await device.sign(payload, other.keys), // another key
        await device.sign({ ...payload, dataHash: '0'.repeat(64) }), // another text
        await device.sign({ ...payload, decision: 'DENY' }), // signed deny, sent as approve
        'not-a-jws',
      ];
      for (const signature of attempts) {
        const res = await device.decide(approval, 'APPROVE', undefined, { signature });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('SIGNATURE_INVALID');
      }
      const missing = await t.http
        .post(`/device/v1/approvals/${approval.approvalId}`)
        .set('Authorization', `Bearer ${device.token}`)
        .send({ decision: 'APPROVE' });
      expect(missing.status).toBe(400);
      // Validated strictly: an unknown field or a null is refused before the signature is looked at.
      const signature = await device.sign(payload);
      for (const [body, field] of [
        [{ decision: 'APPROVE', signature, reason: 'fine' }, 'reason'],
        [{ decision: 'APPROVE', signature, number: null }, 'number'],
      ] as const) {
        const refused = await t.http
          .post(`/device/v1/approvals/${approval.approvalId}`)
          .set('Authorization', `Bearer ${device.token}`)
          .send(body);
        expect([refused.status, refused.body.code, refused.body.fieldErrors?.[0]?.path]).toEqual([
          400,
          'VALIDATION_FAILED',
          field,
        ]);
      }
      expect((await t.app.get(ApprovalsService).state(requestId))!.state).toBe('PENDING');
      expect((await device.approvals()).body.approvals).toHaveLength(1);
    });

    it('deny, wrong number (a deny and a failed attempt of the user) and expiry', async () => {
      const userId = await createUser(t, 'push3');
      const device = await activeDevice(t, userId);
      const approvals = t.app.get(ApprovalsService);

      const denied = await request(t, userId);
      const [a1] = (await device.approvals()).body.approvals;
      expect((await device.decide(a1, 'DENY')).body).toMatchObject({ status: 'DENIED', reason: null });
      expect((await approvals.state(denied.requestId))!.state).toBe('DENIED');

      const matching = await request(t, userId, { numberMatching: true });
      expect(matching.numberChallenge).toMatch(/^\d{2}$/);
      const [a2] = (await device.approvals()).body.approvals;
      expect(a2.numberMatching).toBe(true);
      expect(JSON.stringify(a2)).not.toContain(`"${matching.numberChallenge}"`);
      const wrong = String((Number(matching.numberChallenge) + 1) % 100).padStart(2, '0');
      expect((await device.decide(a2, 'APPROVE', wrong)).body).toMatchObject({
        status: 'DENIED',
        reason: 'WRONG_NUMBER',
      });
      expect(await approvals.state(matching.requestId)).toMatchObject({ state: 'DENIED', reason: 'WRONG_NUMBER' });
      const user = await t.http.get(`/admin/users/${userId}`).set('Authorization', t.adminAuth()).expect(200);
      expect(user.body.failedAttempts).toBe(1);

      t.clock.advanceSeconds(601); // out of the anti-fatigue window
      const expiring = await request(t, userId);
      const [a3] = (await device.approvals()).body.approvals;
      t.clock.advanceSeconds(121);
      expect((await device.approvals()).body.approvals).toEqual([]);
      const late = await device.decide(a3, 'APPROVE');
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('APPROVAL_EXPIRED');
      expect((await approvals.state(expiring.requestId))!.state).toBe('EXPIRED');
    });

    it('the right number approves and resets the user’s failure count', async () => {
      const userId = await createUser(t, 'push4');
      const device = await activeDevice(t, userId);
      const first = await request(t, userId, { numberMatching: true });
      const [a1] = (await device.approvals()).body.approvals;
      await device.decide(a1, 'APPROVE', first.numberChallenge === '00' ? '01' : '00');
      const second = await request(t, userId, { numberMatching: true });
      const [a2] = (await device.approvals()).body.approvals;
      expect((await device.decide(a2, 'APPROVE', second.numberChallenge!)).body.status).toBe('APPROVED');
      const user = await t.http.get(`/admin/users/${userId}`).set('Authorization', t.adminAuth()).expect(200);
      expect(user.body.failedAttempts).toBe(0);
    });

    it('two devices deciding at once: exactly one decision counts', async () => {
      const userId = await createUser(t, 'push5');
      const phone = await activeDevice(t, userId);
      const tablet = await activeDevice(t, userId);
      const { requestId, deviceIds } = await request(t, userId);
      expect(deviceIds.sort()).toEqual([phone.deviceId, tablet.deviceId].sort());
      const [p] = (await phone.approvals()).body.approvals;
      const [q] = (await tablet.approvals()).body.approvals;
      const answers = await Promise.all([phone.decide(p, 'APPROVE'), tablet.decide(q, 'DENY')]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const winner = answers.findIndex((r) => r.status === 200);
      const state = await t.app.get(ApprovalsService).state(requestId);
      expect(state).toMatchObject({
        state: winner === 0 ? 'APPROVED' : 'DENIED',
        deviceId: winner === 0 ? phone.deviceId : tablet.deviceId,
      });
      expect(answers[1 - winner].body.code).toBe('APPROVAL_DECIDED');
    });

    it('a named device (authTokenId) narrows the request; another value is ignored', async () => {
      const userId = await createUser(t, 'push6');
      const phone = await activeDevice(t, userId);
      const tablet = await activeDevice(t, userId);
      const named = await request(t, userId, { deviceId: tablet.deviceId });
      expect(named).toMatchObject({ deviceIds: [tablet.deviceId], namedDeviceIgnored: false });
      const ignored = await request(t, userId, { deviceId: '123456abcdef' });
      expect(ignored.deviceIds).toHaveLength(2);
      expect(ignored.namedDeviceIgnored).toBe(true);
      expect((await phone.approvals()).body.approvals).toHaveLength(1);
      // The phone cannot decide the tablet's approval.
      const [tabletApproval] = (await tablet.approvals()).body.approvals;
      const foreign = await phone.decide(tabletApproval, 'APPROVE');
      expect(foreign.status).toBe(404);
    });

    it('anti-fatigue: at most 3 requests per user in 10 minutes', async () => {
      const userId = await createUser(t, 'push7');
      await activeDevice(t, userId);
      for (let i = 0; i < 3; i++) await request(t, userId);
      await expect(request(t, userId)).rejects.toMatchObject({
        code: 'TOO_MANY_APPROVALS',
        details: { retryAfterSeconds: 600 },
      });
      t.clock.advanceSeconds(600);
      await expect(request(t, userId)).resolves.toMatchObject({ deviceIds: [expect.any(String)] });
    });

    it('a user without an active device gets none', async () => {
      const userId = await createUser(t, 'push8');
      await enrol(t, userId); // pending only
      await expect(request(t, userId)).rejects.toMatchObject({ code: 'NO_APPROVAL_DEVICE' });
    });
  });

  describe('proof of approval', () => {
    it('signs proofs that verify against the published JWKS; rotation publishes first, retires a day later', async () => {
      const proofs = t.app.get(ApprovalProofs);
      const claims = { sub: 'u-1', sid: '121849797510425576', flow: 'my-flow-1', method: 'PUSH', params: PARAMS };
      const jwks = async () => (await t.http.get(KEYS_PATH).expect(200)).body;
      const verify = async (proof: string) =>
        (await jwtVerify(proof, createLocalJWKSet(await jwks()), { algorithms: ['ES256'], issuer: 'stepwise' }))
          .payload;

      const first = await proofs.sign(claims);
      expect(await verify(first)).toMatchObject({
        ...claims,
        iss: 'stepwise',
        iat: expect.any(Number),
        jti: expect.any(String),
      });
      const oldKid = decodeProtectedHeader(first).kid;
      expect((await jwks()).keys).toEqual([
        expect.objectContaining({ kid: oldKid, kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' }),
      ]);
      expect(JSON.stringify(await jwks())).not.toMatch(/"d"/);

      const rotated = await t.http
        .post('/admin/transaction-approval/signing-keys/rotate')
        .set('Authorization', t.adminAuth())
        .expect(200);
      expect((await jwks()).keys.map((k: { kid: string }) => k.kid).sort()).toEqual([oldKid, rotated.body.kid].sort());
      expect(decodeProtectedHeader(await proofs.sign(claims)).kid).toBe(oldKid); // published before use
      t.clock.advanceSeconds(3600);
      const next = await proofs.sign(claims);
      expect(decodeProtectedHeader(next).kid).toBe(rotated.body.kid);
      await verify(next);
      await verify(first); // the old key is still published …
      t.clock.advanceSeconds(86_400);
      expect((await jwks()).keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.body.kid]); // … for a day
      await expect(verify(first)).rejects.toThrow();
    });
  });

  describe('with APPROVAL_SIGNING_KEY configured', () => {
    it('signs with that key (kid: its RFC 7638 thumbprint), publishes it, and refuses rotation (409)', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(pem)), 'sha256');
      const configured = await startApiServer({ env: { APPROVAL_SIGNING_KEY: pem } });
      try {
        const claims = { sub: 'u-1', sid: '121849797510425576', flow: 'my-flow-1', method: 'PUSH', params: PARAMS };
        const proof = await configured.app.get(ApprovalProofs).sign(claims);
        expect(decodeProtectedHeader(proof)).toMatchObject({ alg: 'ES256', kid });
        const jwks = (await configured.http.get(KEYS_PATH).expect(200)).body;
        expect(jwks.keys).toContainEqual(expect.objectContaining({ kid, kty: 'EC', crv: 'P-256', alg: 'ES256' }));
        expect(JSON.stringify(jwks)).not.toMatch(/"d"/);
        const { payload } = await jwtVerify(proof, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
        expect(payload).toMatchObject(claims);
        const rotate = await configured.http
          .post('/admin/transaction-approval/signing-keys/rotate')
          .set('Authorization', configured.adminAuth());
        expect(rotate.status).toBe(409);
        expect(rotate.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
        expect(decodeProtectedHeader(await configured.app.get(ApprovalProofs).sign(claims)).kid).toBe(kid);
      } finally {
        await configured.close(); // also checks the 409 against the OpenAPI document
      }
    });
  });

  describe('offline QR code', () => {
    it('encodes stepwise-ta:1:<challenge>:<base64url(linked parameters)> readable by a QR reader', async () => {
      const nonce = 'ab'.repeat(32);
      const challenge = offlineChallenge(nonce, PARAMS);
      expect(challenge).toMatch(/^[0-9a-f]{64}$/);
      expect(offlineChallenge(nonce, { ...PARAMS, amount: '9999.01' })).not.toBe(challenge);
      const dataUrl = await offlineQrCode(offlinePayload(challenge, PARAMS));
      const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
      const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
      const [scheme, version, qrChallenge, data] = decoded.split(':');
      expect([scheme, version, qrChallenge]).toEqual(['stepwise-ta', '1', challenge]);
      expect(JSON.parse(Buffer.from(data, 'base64url').toString('utf8'))).toEqual(PARAMS);
    });
  });
});

describe('push notification bridge (PUSH_NOTIFY_URL)', () => {
  let t: TestApp;
  let bridge: PushBridgeSink;

  beforeAll(async () => {
    bridge = await PushBridgeSink.start();
    t = await startApiServer({ env: { PUSH_NOTIFY_URL: bridge.url, DELIVERY_RETRY_BASE_SECONDS: '5' } });
  });
  afterAll(async () => {
    await t.close();
    await bridge.close();
  });

  it('posts {"deviceId","approvalId"} per device of a new approval', async () => {
    const userId = await createUser(t, 'bridge1');
    const phone = await activeDevice(t, userId);
    const tablet = await activeDevice(t, userId);
    await request(t, userId);
    await bridge.waitFor(2);
    const listed = [
      ...(await phone.approvals()).body.approvals.map((a: { approvalId: string }) => ({
        deviceId: phone.deviceId,
        approvalId: a.approvalId,
      })),
      ...(await tablet.approvals()).body.approvals.map((a: { approvalId: string }) => ({
        deviceId: tablet.deviceId,
        approvalId: a.approvalId,
      })),
    ];
    expect([...bridge.received].sort((a, b) => a.deviceId.localeCompare(b.deviceId))).toEqual(
      listed.sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
    );
  });

  it('keeps the notification while the bridge is down and delivers it when it is back, never after expiry', async () => {
    const userId = await createUser(t, 'bridge2');
    const device = await activeDevice(t, userId);
    const before = bridge.received.length;
    await bridge.goDown();
    await request(t, userId);
    const [approval] = (await device.approvals()).body.approvals;
    const outbox = async () =>
      (await t.http.get(`/admin/outbox?correlationId=${approval.approvalId}`).set('Authorization', t.adminAuth())).body
        .items[0];
    for (let i = 0; i < 100 && (await outbox())?.attempts !== 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await outbox()).toMatchObject({ channel: 'PUSH', status: 'PENDING', attempts: 1 });
    await bridge.comeBack();
    t.clock.advanceSeconds(6);
    await t.app.get(DeliveryRetryJob).runOnce();
    expect(bridge.received.slice(before)).toEqual([{ deviceId: device.deviceId, approvalId: approval.approvalId }]);
    expect(await outbox()).toMatchObject({ status: 'SENT', attempts: 2 });

    // An approval whose bridge stays down past its expiry is never delivered.
    await bridge.goDown();
    t.clock.advanceSeconds(601);
    await request(t, userId);
    const [late] = (await device.approvals()).body.approvals;
    await new Promise((r) => setTimeout(r, 200));
    await bridge.comeBack();
    t.clock.advanceSeconds(121);
    await t.app.get(DeliveryRetryJob).runOnce();
    expect(bridge.received.map((n) => n.approvalId)).not.toContain(late.approvalId);
  });
});
