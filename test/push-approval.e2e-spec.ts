import { createLocalJWKSet, jwtVerify } from 'jose';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { DeviceSimulator } from './support/device-simulator';
import { fromBase32, referenceOcra } from './support/ocra-reference';
import {
  PAYMENT,
  TaClient,
  TaSessionRef,
  errorOf,
  expectOk,
  sessionDocument,
  tokenOf,
} from './support/transaction-approval-client';

const SESSION_ID = /^[1-9]\d{17}$/;
const POLLING = 'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED';
const OCRA_SUITE = 'OCRA-1:HOTP-SHA256-8:QH64';
const PUSH_FLOW = {
  method: 'PUSH',
  parameters: [
    { name: 'accountNumber', kind: 'ACCOUNT', required: true, linked: true },
    { name: 'amount', kind: 'AMOUNT', required: true, linked: true },
    { name: 'currency', kind: 'CURRENCY', required: true, linked: true },
  ],
  messages: { en: { default: { text: 'Pay ${amount} ${currency} to account ${accountNumber}?' } } },
};

/** Seed 000 (Airlock 2FA push with polling) end to end, with a device simulated in the test. */
describe('push approval in transaction-approval sessions', () => {
  let t: TestApp;
  let ta: TaClient;
  let users = 0;

  const adminGet = (path: string) => t.http.get(path).set('Authorization', t.adminAuth());
  const sessionState = async (id: string) =>
    (await adminGet(`/admin/transaction-approval/sessions/${id}`).expect(200)).body.state as string;

  /** A user with one active device (or more). */
  const userWithDevices = async (count = 1) => {
    const n = ++users;
    const username = n === 1 ? 'jdoe' : `jdoe${n}`;
    const created = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        username,
        password: 'a-long-password-1',
        givenName: 'John',
        familyName: 'Doe',
        organizationId: 'RETAIL',
        email: `${username}@airlock.com`,
        language: 'en',
      })
      .expect(201);
    const userId = created.body.userId as string;
    const devices: DeviceSimulator[] = [];
    for (let i = 0; i < count; i++) {
      const enrolment = await t.http
        .post(`/admin/users/${userId}/devices`)
        .set('Authorization', t.adminAuth())
        .send({ displayName: `phone ${i}` })
        .expect(201);
      const device = await DeviceSimulator.create(t.http);
      await device.activate(enrolment.body.activationCode);
      devices.push(device);
    }
    return { username, userId, devices };
  };

  const pendingOf = async (device: DeviceSimulator) => {
    const res = await device.approvals().expect(200);
    expect(res.body.approvals).toHaveLength(1);
    return res.body.approvals[0] as { approvalId: string; dataHash: string; numberMatching: boolean };
  };

  const jwks = async () =>
    createLocalJWKSet((await t.http.get('/auth-transaction-approval/rest/transaction-approval/keys').expect(200)).body);

  beforeAll(async () => {
    t = await startApiServer();
    const client = await t.createClient(['transaction-approval']);
    ta = new TaClient(t, t.basic(client.clientId, client.secret));
    for (const [flowId, settings] of [
      ['push-matching', { numberMatching: true }],
      ['push-proof', { numberMatching: false, approvalProof: true }],
    ] as const) {
      await t.http
        .post('/admin/transaction-approval/flows')
        .set('Authorization', t.adminAuth())
        .send({ ...PUSH_FLOW, flowId, ...settings })
        .expect(201);
    }
  });
  afterAll(() => t?.close());

  it('replays seed 000: select, identify, parameters, polling, approval on the device', async () => {
    const { username, devices } = await userWithDevices();
    const [device] = devices;
    const selected = await ta.call('flows/my-flow-1/select').expect(200);
    expect(selected.body).toEqual(sessionDocument(SESSION_ID, { nextStep: 'USERNAME_REQUIRED' }));
    const session: TaSessionRef = { id: selected.body.data.id, token: tokenOf(selected) };
    const identified = await ta.step(session, 'user/identify/', { username });
    expect(identified.body).toEqual(sessionDocument(session.id, { nextStep: 'PARAMETERS_REQUIRED' }));
    const parameters = await ta.step(session, 'parameters/', {
      authTokenId: '123456abcdef',
      messageParameters: { accountNumber: '0123456', amount: '9999', currency: 'CHF' },
    });
    expect(parameters.status).toBe(200);
    expect(parameters.body).toEqual(sessionDocument(session.id, { nextStep: POLLING }));

    const pending = await ta.step(session, 'airlock-2fa/status/poll/');
    expect(pending.body).toEqual(sessionDocument(session.id, { nextStep: POLLING }));

    const listed = (await device.approvals().expect(200)).body.approvals;
    expect(listed).toEqual([
      expect.objectContaining({
        flowId: 'my-flow-1',
        messageParameters: { accountNumber: '0123456', amount: '9999', currency: 'CHF' },
        numberMatching: false,
        message: expect.stringContaining('9999'),
      }),
    ]);
    expect((await device.decide(listed[0], 'APPROVE')).status).toBe(200);

    const approved = await ta.step(session, 'airlock-2fa/status/poll/');
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual(sessionDocument(session.id, {}));
    expect(await sessionState(session.id)).toBe('APPROVED');
    const again = await ta.step(session, 'airlock-2fa/status/poll');
    expect(again.body).toEqual(sessionDocument(session.id, {})); // a poller that lost the answer learns it
    const other = await ta.step(session, 'airlock-2fa/qr-code');
    expect(errorOf(other)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP', meta: { nextStep: null } });

    const events = (await adminGet(`/admin/transaction-approval/sessions/${session.id}`).expect(200)).body.events;
    const pushSent = events.find((e: { type: string }) => e.type === 'transaction-approval.push-sent');
    expect(pushSent.data).toMatchObject({ devices: 1, namedDeviceIgnored: true });
    expect(events.map((e: { type: string }) => e.type)).toContain('transaction-approval.approved');
    const logs = t.logs.text();
    expect(logs).not.toContain(device.token);
    expect(logs).not.toContain(device.ocraSecret);
  });

  it('a deny on the device: the poll answers 403 TRANSACTION_REJECTED and the session ends', async () => {
    const { username, devices } = await userWithDevices();
    const { session } = await ta.upToCode('my-flow-1', username);
    await devices[0].decide(await pendingOf(devices[0]), 'DENY');
    const rejected = await ta.step(session, 'airlock-2fa/status/poll');
    expect(rejected.status).toBe(403);
    expect(errorOf(rejected)).toMatchObject({ status: 403, code: 'TRANSACTION_REJECTED' });
    expect(await sessionState(session.id)).toBe('REJECTED');
    expect(errorOf(await ta.step(session, 'airlock-2fa/status/poll'))).toMatchObject({ code: 'UNEXPECTED_STEP' });
  });

  it('nobody decides within pushValiditySeconds: 403 APPROVAL_EXPIRED, the device can no longer decide', async () => {
    const { username, devices } = await userWithDevices();
    const { session } = await ta.upToCode('my-flow-1', username);
    const approval = await pendingOf(devices[0]);
    t.clock.advanceSeconds(121);
    const expired = await ta.step(session, 'airlock-2fa/status/poll');
    expect(errorOf(expired)).toMatchObject({ status: 403, code: 'APPROVAL_EXPIRED' });
    const late = await devices[0].decide(approval, 'APPROVE');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('APPROVAL_EXPIRED');
  });

  it('number matching: the prompt carries numberChallenge; a wrong number rejects and counts as a failure', async () => {
    const { username, userId, devices } = await userWithDevices();
    const { session, res } = await ta.upToCode('push-matching', username, PAYMENT);
    const numberChallenge = res.body.data.attributes.numberChallenge as string;
    expect(res.body).toEqual(
      sessionDocument(session.id, { nextStep: POLLING, numberChallenge: expect.stringMatching(/^\d{2}$/) }),
    );
    const pending = await ta.step(session, 'airlock-2fa/status/poll');
    expect(pending.body.data.attributes).toEqual({ nextStep: POLLING, numberChallenge });
    const approval = await pendingOf(devices[0]);
    expect(approval.numberMatching).toBe(true);
    const wrong = String((Number(numberChallenge) + 7) % 100).padStart(2, '0');
    expect((await devices[0].decide(approval, 'APPROVE', wrong)).body).toMatchObject({
      status: 'DENIED',
      reason: 'WRONG_NUMBER',
    });
    expect(errorOf(await ta.step(session, 'airlock-2fa/status/poll'))).toMatchObject({ code: 'TRANSACTION_REJECTED' });
    expect((await adminGet(`/admin/users/${userId}`).expect(200)).body.failedAttempts).toBe(1);

    const second = await ta.upToCode('push-matching', username, PAYMENT);
    const number = second.res.body.data.attributes.numberChallenge as string;
    expect((await devices[0].decide(await pendingOf(devices[0]), 'APPROVE', number)).body.status).toBe('APPROVED');
    expect((await ta.step(second.session, 'airlock-2fa/status/poll')).body.data.attributes).toEqual({});
  });

  it('a bad signature is 401 and the session keeps polling', async () => {
    const { username, devices } = await userWithDevices();
    const { session } = await ta.upToCode('my-flow-1', username);
    const approval = await pendingOf(devices[0]);
    const stranger = await DeviceSimulator.create(t.http);
    const forged = await stranger.sign({
      approvalId: approval.approvalId,
      decision: 'APPROVE',
      number: null,
      dataHash: approval.dataHash,
    });
    const res = await devices[0].decide(approval, 'APPROVE', undefined, { signature: forged });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGNATURE_INVALID');
    expect((await ta.step(session, 'airlock-2fa/status/poll')).body.data.attributes).toEqual({ nextStep: POLLING });
  });

  it('two devices deciding at once: one decision counts, the poll reports it', async () => {
    const { username, devices } = await userWithDevices(2);
    const { session } = await ta.upToCode('my-flow-1', username);
    const [a, b] = await Promise.all(devices.map(pendingOf));
    const answers = await Promise.all([devices[0].decide(a, 'APPROVE'), devices[1].decide(b, 'DENY')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const poll = await ta.step(session, 'airlock-2fa/status/poll');
    if (answers[0].status === 200) expect(poll.status).toBe(200);
    else expect(errorOf(poll)).toMatchObject({ code: 'TRANSACTION_REJECTED' });
  });

  it('anti-fatigue: the 4th push within 10 minutes is 429 TOO_MANY_APPROVALS with Retry-After', async () => {
    const { username } = await userWithDevices();
    for (let i = 0; i < 3; i++) expectOk((await ta.upToCode('my-flow-1', username)).res);
    const { res } = await ta.upToCode('my-flow-1', username);
    expect(res.status).toBe(429);
    expect(errorOf(res)).toMatchObject({ status: 429, code: 'TOO_MANY_APPROVALS' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a proof of approval with approvalProof, verified against the JWKS', async () => {
    const { username, userId, devices } = await userWithDevices();
    const { session } = await ta.upToCode('push-proof', username, PAYMENT);
    await devices[0].decide(await pendingOf(devices[0]), 'APPROVE');
    const approved = await ta.step(session, 'airlock-2fa/status/poll');
    const proof = approved.body.data.attributes.approvalProof as string;
    const { payload } = await jwtVerify(proof, await jwks(), { issuer: 'stepwise', algorithms: ['ES256'] });
    expect(payload).toMatchObject({
      sub: userId,
      sid: session.id,
      flow: 'push-proof',
      method: 'PUSH',
      params: PAYMENT,
      iat: Math.floor(t.clock.now().getTime() / 1000),
      jti: expect.any(String),
    });
    const again = await ta.step(session, 'airlock-2fa/status/poll');
    expect(again.body.data.attributes).toEqual({ approvalProof: proof });
  });

  it('an e-mail OTP flow with approvalProof signs its approval too (method EMAIL_OTP), kept for later polls', async () => {
    await t.http
      .post('/admin/transaction-approval/flows')
      .set('Authorization', t.adminAuth())
      .send({
        ...PUSH_FLOW,
        flowId: 'email-proof',
        method: 'EMAIL_OTP',
        approvalProof: true,
        messages: { en: { default: { subject: 'Confirm', text: 'Pay ${amount} ${currency}: code ${TOKEN}' } } },
      })
      .expect(201);
    const { username, userId } = await userWithDevices(0);
    const { session } = await ta.upToCode('email-proof', username, PAYMENT);
    const mails = await adminGet(`/admin/dev-outbox?recipient=${username}@airlock.com`).expect(200);
    const code = /code (\d{6})/.exec(mails.body.items[0].text)![1];
    const approved = await ta.step(session, 'email/otp/check', { otp: code });
    expect(approved.status).toBe(200);
    const proof = approved.body.data.attributes.approvalProof as string;
    const { payload } = await jwtVerify(proof, await jwks(), { algorithms: ['ES256'] });
    expect(payload).toMatchObject({
      sub: userId,
      sid: session.id,
      flow: 'email-proof',
      method: 'EMAIL_OTP',
      params: PAYMENT,
    });
    for (let i = 0; i < 2; i++) {
      // the approved session answers its proof again, as a device-approved one does
      const again = await ta.step(session, 'airlock-2fa/status/poll');
      expect(again.body.data.attributes).toEqual({ approvalProof: proof });
    }
  });

  it('offline: the QR code read back, the OCRA value of the test’s own OCRA accepted once, its proof kept', async () => {
    const { username, devices } = await userWithDevices();
    const [device] = devices;
    const { session } = await ta.upToCode('push-proof', username, PAYMENT);
    const qr = await ta.step(session, 'airlock-2fa/qr-code');
    expect(qr.status).toBe(200);
    const { qrCode, challenge } = qr.body.data.attributes as { qrCode: string; challenge: string };
    expect(challenge).toMatch(/^[0-9a-f]{64}$/);
    const png = PNG.sync.read(Buffer.from(qrCode.replace(/^data:image\/png;base64,/, ''), 'base64'));
    const payload = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
    const [scheme, version, qrChallenge, data] = payload.split(':');
    expect([scheme, version, qrChallenge]).toEqual(['stepwise-ta', '1', challenge]);
    expect(JSON.parse(Buffer.from(data, 'base64url').toString('utf8'))).toEqual(PAYMENT);

    const otp = referenceOcra(OCRA_SUITE, fromBase32(device.ocraSecret), { question: qrChallenge });
    const wrong = await ta.step(session, 'airlock-2fa/otp/check', {
      otp: String((Number(otp) + 1) % 1e8).padStart(8, '0'),
    });
    expect(errorOf(wrong)).toMatchObject({ status: 400, code: 'OTP_WRONG', meta: { remainingAttempts: 2 } });
    expect((await ta.step(session, 'airlock-2fa/qr-code')).body.data.attributes.challenge).toBe(challenge);

    const accepted = await ta.step(session, 'airlock-2fa/otp/check', { otp });
    expect(accepted.status).toBe(200);
    const proof = accepted.body.data.attributes.approvalProof as string;
    expect((await jwtVerify(proof, await jwks())).payload).toMatchObject({
      method: 'PUSH_OFFLINE_OTP',
      sid: session.id,
    });
    expect(await sessionState(session.id)).toBe('APPROVED');
    for (let i = 0; i < 2; i++) {
      const again = await ta.step(session, 'airlock-2fa/status/poll');
      expect(again.body.data.attributes).toEqual({ approvalProof: proof });
    }
    expect((await device.approvals()).body.approvals).toEqual([]); // withdrawn from the device
    const replay = await ta.call('airlock-2fa/otp/check', { token: session.token, body: { otp } });
    expect(errorOf(replay)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP' });
  });

  it('offline: the last allowed wrong code aborts the session', async () => {
    const { username } = await userWithDevices();
    const { session } = await ta.upToCode('my-flow-1', username);
    expectOk(await ta.step(session, 'airlock-2fa/qr-code'));
    for (const remaining of [2, 1]) {
      const res = await ta.step(session, 'airlock-2fa/otp/check', { otp: '00000000' });
      expect(errorOf(res)).toMatchObject({ code: 'OTP_WRONG', meta: { remainingAttempts: remaining } });
    }
    const last = await ta.step(session, 'airlock-2fa/otp/check', { otp: '00000000' });
    expect(errorOf(last)).toMatchObject({ status: 403, code: 'FLOW_ABORTED' });
    expect(await sessionState(session.id)).toBe('ABORTED');
  });

  it('unknown fields and out-of-order calls change nothing', async () => {
    const { username } = await userWithDevices();
    const { session } = await ta.upToCode('my-flow-1', username);
    const extra = await ta.step(session, 'airlock-2fa/status/poll', { foo: 1 });
    expect(errorOf(extra)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const early = await ta.select('my-flow-1');
    expect(errorOf(await ta.step(early, 'airlock-2fa/status/poll'))).toMatchObject({
      status: 409,
      code: 'UNEXPECTED_STEP',
      meta: { nextStep: 'USERNAME_REQUIRED' },
    });
    expect((await ta.step(session, 'airlock-2fa/status/poll')).status).toBe(200);
  });
});
