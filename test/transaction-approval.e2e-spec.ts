import { DeliveryRetryJob } from '@app/delivery';
import { SmsGatewaySink, SmtpSink, TestApp } from '@app/testing';
import { SessionExpiryJob } from '@app/transaction-approval';
import { startApiServer } from './support/api-server';
import { DeviceSimulator } from './support/device-simulator';
import {
  PAYMENT,
  TA,
  TaClient,
  TaSessionRef,
  errorOf,
  expectOk,
  sessionDocument,
  tokenOf,
} from './support/transaction-approval-client';

const SESSION_ID = /^[1-9]\d{17}$/;
const CODE = /(?:code|kód): (\d{6,10})/;

/**
 * The transaction-approval API end to end: the seeds' documents field by field, codes read
 * from a real SMTP server and a real SMS gateway, step order, tokens, limits and timeouts.
 */
describe('transaction approval API', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let sms: SmsGatewaySink;
  let ta: TaClient;
  let other: TaClient;
  let users = 0;

  const admin = (path: string) => t.http.get(`/admin/transaction-approval${path}`).set('Authorization', t.adminAuth());
  const sessionState = async (id: string) => (await admin(`/sessions/${id}`).expect(200)).body.state as string;

  /** A user of its own for each test, so limits and lockouts never leak between tests. */
  const newUser = async (language = 'en') => {
    const n = ++users;
    const username = n === 1 ? 'jdoe' : `jdoe${n}`;
    const res = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        userId: `ta-user-${n}`,
        username,
        password: 'a-long-password-1',
        givenName: 'John',
        familyName: 'Doe',
        organizationId: 'RETAIL',
        phoneNumber: `+420777123${String(n).padStart(3, '0')}`,
        email: n === 1 ? 'jdoe@airlock.com' : `${username}@airlock.com`,
        language,
      });
    if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
    return { username, userId: `ta-user-${n}`, email: res.body.email as string, phone: res.body.phoneNumber as string };
  };
  const lastMailTo = (email: string) => [...smtp.messages].reverse().find((m) => m.to.includes(email))!;
  const lastSmsTo = (phone: string) => [...sms.messages].reverse().find((m) => m.to === phone)!;
  const codeIn = (text: string) => text.match(CODE)![1];
  const wrong = (code: string) => String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    sms = await SmsGatewaySink.start();
    t = await startApiServer({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'bank@example.com',
        SMS_GATEWAY_URL: sms.url,
        DELIVERY_SEND_TIMEOUT_MS: '1000',
        DELIVERY_RETRY_BASE_SECONDS: '10',
        DELIVERY_RETRY_MAX_SECONDS: '20',
      },
    });
    const client = await t.createClient(['transaction-approval']);
    ta = new TaClient(t, t.basic(client.clientId, client.secret));
    const second = await t.createClient(['transaction-approval']);
    other = new TaClient(t, t.basic(second.clientId, second.secret));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await sms?.close();
  });

  it('replays seed 001 (e-mail OTP) with the code from the e-mail', async () => {
    const user = await newUser();
    const selected = await ta.call('flows/emailotp-ta-flow/select/').expect(200);
    expect(selected.body).toEqual(sessionDocument(SESSION_ID, { nextStep: 'USERNAME_REQUIRED' }));
    const session: TaSessionRef = { id: selected.body.data.id, token: tokenOf(selected) };
    expect(selected.headers['set-cookie']).toEqual([
      `TA_SESSION=${session.token}; Path=/auth-transaction-approval; HttpOnly; Secure; SameSite=Strict`,
    ]);
    expect(session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const identified = await ta.step(session, 'end-user/identify/', { 'end-username': user.username });
    expect(identified.status).toBe(200);
    expect(identified.body).toEqual(sessionDocument(session.id, { nextStep: 'PARAMETERS_REQUIRED' }));

    const parameters = await ta.step(session, 'parameters/', {
      messageParameters: { accountNumber: '0123456', amount: '9999', currency: 'CHF' },
    });
    expect(parameters.status).toBe(200);
    expect(parameters.body).toEqual(
      sessionDocument(session.id, {
        nextStep: 'EMAIL_OTP_CHECK_REQUIRED',
        emailAddress: 'jdoe@airlock.com',
        resendPossible: false,
      }),
    );
    const mail = lastMailTo('jdoe@airlock.com');
    expect(mail).toMatchObject({ from: 'bank@example.com', subject: 'Please confirm your transaction' });
    expect(mail.text).toContain('9999 CHF to account 0123456');

    const checked = await ta.step(session, 'email/otp/check', { otp: codeIn(mail.text) });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual(sessionDocument(session.id, {}));
    expect(await sessionState(session.id)).toBe('APPROVED');
    const logs = t.logs.text();
    expect(logs).not.toContain(codeIn(mail.text));
    expect(logs).not.toContain(session.token);
    const again = await ta.step(session, 'email/otp/resend');
    expect(errorOf(again)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP' });
  });

  it('e-mail OTP without resends (seed flow): a resend is refused with RESEND_LIMIT_EXCEEDED', async () => {
    const user = await newUser();
    const { session } = await ta.upToCode('emailotp-ta-flow', user.username);
    t.clock.advanceSeconds(31);
    const resend = await ta.step(session, 'email/otp/resend');
    expect(resend.status).toBe(429);
    expect(errorOf(resend)).toMatchObject({ status: 429, code: 'RESEND_LIMIT_EXCEEDED' });
    expectOk(await ta.step(session, 'email/otp/check', { otp: codeIn(lastMailTo(user.email).text) }));
  });

  it('replays seed 000 (push flow) up to parameters: without an approval device it is refused', async () => {
    const user = await newUser();
    const selected = await ta.call('flows/my-flow-1/select').expect(200);
    expect(selected.body).toEqual(sessionDocument(SESSION_ID, { nextStep: 'USERNAME_REQUIRED' }));
    const session: TaSessionRef = { id: selected.body.data.id, token: tokenOf(selected) };
    const identified = await ta.step(session, 'user/identify/', { username: user.username });
    expect(identified.body).toEqual(sessionDocument(session.id, { nextStep: 'PARAMETERS_REQUIRED' }));
    const parameters = await ta.step(session, 'parameters/', {
      authTokenId: '123456abcdef',
      messageParameters: { accountNumber: '0123456', amount: '9999', currency: 'CHF' },
    });
    expect(parameters.status).toBe(400);
    expect(errorOf(parameters)).toMatchObject({ status: 400, code: 'NO_APPROVAL_DEVICE' });
    expect(await sessionState(session.id)).toBe('PARAMETERS_REQUIRED');
  });

  it('approves by mTAN with the code from the SMS gateway', async () => {
    const user = await newUser();
    const { session, res } = await ta.upToCode('mtan-ta-flow', user.username);
    expect(res.body).toEqual(
      sessionDocument(session.id, {
        nextStep: 'MTAN_OTP_CHECK_REQUIRED',
        phoneNumber: user.phone,
        resendPossible: true,
      }),
    );
    const text = lastSmsTo(user.phone).text;
    expect(text).toBe(`Payment 9999 CHF to 0123456. Security code: ${codeIn(text)}`);
    expect(text.length).toBeLessThanOrEqual(160);
    const checked = await ta.step(session, 'mtan/otp/check/', { otp: codeIn(text) });
    expect(checked.body).toEqual(sessionDocument(session.id, {}));
  });

  it('identify without a session opens one of legacy-default-flow (mTAN), in Czech for a Czech user', async () => {
    const user = await newUser('cs');
    const identified = await ta.call('user/identify', { body: { username: user.username } }).expect(200);
    const session: TaSessionRef = { id: identified.body.data.id, token: tokenOf(identified) };
    expect(identified.body).toEqual(sessionDocument(SESSION_ID, { nextStep: 'PARAMETERS_REQUIRED' }));
    const parameters = await ta.step(session, 'parameters', { messageParameters: { ...PAYMENT, type: 'payment' } });
    expect(parameters.body.data.attributes.nextStep).toBe('MTAN_OTP_CHECK_REQUIRED');
    const text = lastSmsTo(user.phone).text;
    expect(text).toMatch(/^Platba 9999 CHF na ucet 0123456\. Bezpecnostni kod: \d{6}$/);
    const detail = (await admin(`/sessions/${session.id}`).expect(200)).body;
    expect(detail).toMatchObject({ flowId: 'legacy-default-flow', state: 'MTAN_OTP_CHECK_REQUIRED', method: 'MTAN' });
  });

  it('refuses every out-of-order call with 409 UNEXPECTED_STEP and changes nothing', async () => {
    const user = await newUser();
    const calls: Array<[string, unknown]> = [
      ['user/identify', { username: user.username }],
      ['end-user/identify', { 'end-username': user.username }],
      ['parameters', { messageParameters: PAYMENT }],
      ['email/otp/check', { otp: '123456' }],
      ['email/otp/resend', undefined],
      ['mtan/otp/check', { otp: '123456' }],
      ['mtan/otp/resend', undefined],
      ['airlock-2fa/status/poll', undefined],
      ['airlock-2fa/qr-code', undefined],
      ['airlock-2fa/otp/check', { otp: '12345678' }],
    ];
    const allowed: Record<string, string[]> = {
      USERNAME_REQUIRED: ['user/identify', 'end-user/identify'],
      PARAMETERS_REQUIRED: ['parameters'],
      EMAIL_OTP_CHECK_REQUIRED: ['email/otp/check', 'email/otp/resend'],
      MTAN_OTP_CHECK_REQUIRED: ['mtan/otp/check', 'mtan/otp/resend'],
      AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED: ['airlock-2fa/status/poll', 'airlock-2fa/qr-code', 'airlock-2fa/otp/check'],
      APPROVED: ['airlock-2fa/status/poll'], // answers {} (plus the proof) again
    };
    const refuseAllBut = async (session: TaSessionRef, state: string) => {
      const before = (await admin(`/sessions/${session.id}`).expect(200)).body;
      expect(before.state).toBe(state);
      for (const [path, body] of calls) {
        if (allowed[state].includes(path)) continue;
        const res = await ta.call(path, { token: session.token, body });
        expect([path, res.status]).toEqual([path, 409]);
        expect(errorOf(res)).toMatchObject({
          status: 409,
          code: 'UNEXPECTED_STEP',
          meta: { nextStep: state === 'APPROVED' ? null : state },
        });
        expect(res.headers['x-session-id']).toBeUndefined();
      }
      const after = (await admin(`/sessions/${session.id}`).expect(200)).body;
      expect(after).toEqual(before);
    };
    const session = await ta.select('emailotp-ta-flow');
    await refuseAllBut(session, 'USERNAME_REQUIRED');
    expectOk(await ta.step(session, 'user/identify', { username: user.username }));
    await refuseAllBut(session, 'PARAMETERS_REQUIRED');
    expectOk(await ta.step(session, 'parameters', { messageParameters: PAYMENT }));
    await refuseAllBut(session, 'EMAIL_OTP_CHECK_REQUIRED');
    expectOk(await ta.step(session, 'email/otp/check', { otp: codeIn(lastMailTo(user.email).text) }));
    await refuseAllBut(session, 'APPROVED');
    const cancel = await ta.call('cancel', { token: session.token });
    expect(errorOf(cancel)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP', meta: { nextStep: null } });

    const mtan = (await ta.upToCode('mtan-ta-flow', user.username)).session;
    await refuseAllBut(mtan, 'MTAN_OTP_CHECK_REQUIRED');
    expectOk(await ta.step(mtan, 'mtan/otp/check', { otp: codeIn(lastSmsTo(user.phone).text) }));

    const enrolment = await t.http
      .post(`/admin/users/${user.userId}/devices`)
      .set('Authorization', t.adminAuth())
      .send({ displayName: 'phone' })
      .expect(201);
    const device = await DeviceSimulator.create(t.http);
    await device.activate(enrolment.body.activationCode);
    const push = (await ta.upToCode('my-flow-1', user.username)).session;
    await refuseAllBut(push, 'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED');
    expect((await device.approvals().expect(200)).body.approvals).toHaveLength(1); // still pending
    expectOk(await ta.step(push, 'cancel'));
  });

  it('renews the token after every step: the old one is refused at once; the cookie works too', async () => {
    const user = await newUser();
    const session = await ta.select('emailotp-ta-flow');
    const first = session.token;
    expectOk(await ta.step(session, 'user/identify', { username: user.username }));
    expect(session.token).not.toBe(first);
    const stale = await ta.call('parameters', { token: first, body: { messageParameters: PAYMENT } });
    expect(stale.status).toBe(404);
    expect(errorOf(stale)).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    const byCookie = await ta.call('parameters', { cookie: session.token, body: { messageParameters: PAYMENT } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.data.id).toBe(session.id);
    // The header wins over the cookie.
    const both = await t.http
      .post(`${TA}/email/otp/check`)
      .set('Authorization', ta.auth)
      .set('X-Session-ID', tokenOf(byCookie))
      .set('Cookie', `TA_SESSION=${session.token}`)
      .send({ otp: codeIn(lastMailTo(user.email).text) });
    expect(both.status).toBe(200);
  });

  it("does not know another client's session, nor a call without a token", async () => {
    const user = await newUser();
    const session = await ta.select('emailotp-ta-flow');
    const foreign = await other.call('user/identify', { token: session.token, body: { username: user.username } });
    expect(errorOf(foreign)).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    const none = await ta.call('parameters', { body: { messageParameters: PAYMENT } });
    expect(errorOf(none)).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
    expect(await sessionState(session.id)).toBe('USERNAME_REQUIRED');
  });

  it('answers OTP_WRONG with the remaining attempts, then FLOW_ABORTED, then nothing more', async () => {
    const user = await newUser();
    const { session } = await ta.upToCode('emailotp-ta-flow', user.username);
    const code = codeIn(lastMailTo(user.email).text);
    for (const remainingAttempts of [2, 1]) {
      const res = await ta.step(session, 'email/otp/check', { otp: wrong(code) });
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ status: 400, code: 'OTP_WRONG', meta: { remainingAttempts } });
    }
    const aborted = await ta.step(session, 'email/otp/check', { otp: wrong(code) });
    expect(aborted.status).toBe(403);
    expect(errorOf(aborted)).toMatchObject({ status: 403, code: 'FLOW_ABORTED' });
    const after = await ta.step(session, 'email/otp/check', { otp: code });
    expect(errorOf(after)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP', meta: { nextStep: null } });
    const detail = (await admin(`/sessions/${session.id}`).expect(200)).body;
    expect(detail.state).toBe('ABORTED');
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual([
      'transaction-approval.selected',
      'transaction-approval.identified',
      'transaction-approval.parameters',
      'transaction-approval.code-sent',
      'transaction-approval.code-wrong',
      'transaction-approval.code-wrong',
      'transaction-approval.code-wrong',
      'transaction-approval.aborted',
    ]);
    expect(JSON.stringify(detail)).not.toContain(code);
  });

  it('locks the user after five wrong codes across sessions, refused at every later step', async () => {
    const user = await newUser();
    const first = await ta.upToCode('emailotp-ta-flow', user.username);
    const second = await ta.upToCode('mtan-ta-flow', user.username);
    const firstCode = codeIn(lastMailTo(user.email).text);
    const secondCode = codeIn(lastSmsTo(user.phone).text);
    for (let i = 0; i < 3; i++) await ta.step(first.session, 'email/otp/check', { otp: wrong(firstCode) });
    await ta.step(second.session, 'mtan/otp/check', { otp: wrong(secondCode) });
    const fifth = await ta.step(second.session, 'mtan/otp/check', { otp: wrong(secondCode) });
    expect(errorOf(fifth)).toMatchObject({
      code: 'OTP_WRONG',
      meta: { remainingAttempts: 1, temporaryLockExpiry: expect.any(String) },
    });
    const locked = await ta.step(second.session, 'mtan/otp/check', { otp: secondCode });
    expect(locked.status).toBe(403);
    expect(errorOf(locked)).toMatchObject({
      code: 'USER_TEMPORARILY_LOCKED',
      meta: { temporaryLockExpiry: expect.any(String) },
    });
    const fresh = await ta.select('mtan-ta-flow');
    const identify = await ta.step(fresh, 'user/identify', { username: user.username });
    expect(errorOf(identify)).toMatchObject({ status: 403, code: 'USER_TEMPORARILY_LOCKED' });
    expect(await sessionState(fresh.id)).toBe('USERNAME_REQUIRED');
  });

  it('refuses unknown and blocked users', async () => {
    const user = await newUser();
    const session = await ta.select('mtan-ta-flow');
    const unknown = await ta.step(session, 'user/identify', { username: 'nobody-here' });
    expect(errorOf(unknown)).toMatchObject({ status: 400, code: 'USER_NOT_FOUND' });
    expectOk(await ta.step(session, 'user/identify', { username: user.username }));
    await t.http.post(`/admin/users/${user.userId}/block`).set('Authorization', t.adminAuth()).expect(200);
    const blocked = await ta.step(session, 'parameters', { messageParameters: PAYMENT });
    expect(errorOf(blocked)).toMatchObject({ status: 403, code: 'USER_LOCKED' });
    expect(await sessionState(session.id)).toBe('PARAMETERS_REQUIRED');
  });

  it('resend replaces the code, with its spacing (Retry-After) and its limit', async () => {
    const user = await newUser();
    const { session } = await ta.upToCode('mtan-ta-flow', user.username);
    const firstCode = codeIn(lastSmsTo(user.phone).text);
    const early = await ta.step(session, 'mtan/otp/resend');
    expect(early.status).toBe(429);
    expect(errorOf(early)).toMatchObject({ status: 429, code: 'RESEND_TOO_EARLY' });
    expect(Number(early.headers['retry-after'])).toBeGreaterThan(0);
    let code = firstCode;
    for (const resendPossible of [true, true, false]) {
      t.clock.advanceSeconds(30);
      const before = sms.messages.length;
      const res = await ta.step(session, 'mtan/otp/resend/');
      expect(res.body).toEqual(
        sessionDocument(session.id, { nextStep: 'MTAN_OTP_CHECK_REQUIRED', phoneNumber: user.phone, resendPossible }),
      );
      expect(sms.messages.length).toBe(before + 1);
      code = codeIn(lastSmsTo(user.phone).text);
    }
    t.clock.advanceSeconds(30);
    const limit = await ta.step(session, 'mtan/otp/resend');
    expect(errorOf(limit)).toMatchObject({ status: 429, code: 'RESEND_LIMIT_EXCEEDED' });
    const old = await ta.step(session, 'mtan/otp/check', { otp: firstCode === code ? wrong(code) : firstCode });
    expect(errorOf(old)).toMatchObject({ code: 'OTP_WRONG' });
    expectOk(await ta.step(session, 'mtan/otp/check', { otp: code }));
  });

  it('20 concurrent checks of one right code: exactly one succeeds', async () => {
    const user = await newUser();
    const { session } = await ta.upToCode('mtan-ta-flow', user.username);
    const code = codeIn(lastSmsTo(user.phone).text);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => ta.call('mtan/otp/check', { token: session.token, body: { otp: code } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const res of results.filter((r) => r.status !== 200)) {
      expect(['SESSION_NOT_FOUND', 'UNEXPECTED_STEP']).toContain(errorOf(res).code);
    }
    expect(await sessionState(session.id)).toBe('APPROVED');
  });

  it('expires an idle session (410), by request or by the expiry job', async () => {
    const user = await newUser();
    const idle = await ta.select('mtan-ta-flow');
    expectOk(await ta.step(idle, 'user/identify', { username: user.username }));
    const byJob = await ta.select('mtan-ta-flow');
    t.clock.advanceSeconds(299);
    expectOk(await ta.step(idle, 'parameters', { messageParameters: PAYMENT })); // activity moves the deadline
    t.clock.advanceSeconds(301);
    const expired = await ta.step(idle, 'mtan/otp/check', { otp: '000000' });
    expect(expired.status).toBe(410);
    expect(errorOf(expired)).toMatchObject({ status: 410, code: 'SESSION_EXPIRED' });
    expect(await sessionState(idle.id)).toBe('EXPIRED');
    expect(await t.app.get(SessionExpiryJob).runOnce()).toBeGreaterThanOrEqual(1);
    const detail = (await admin(`/sessions/${byJob.id}`).expect(200)).body;
    expect(detail.state).toBe('EXPIRED');
    expect(detail.events.at(-1)).toMatchObject({ type: 'transaction-approval.expired' });
    const late = await ta.call('user/identify', { token: byJob.token, body: { username: user.username } });
    expect(errorOf(late)).toMatchObject({ status: 410, code: 'SESSION_EXPIRED' });
  });

  it('ends a busy session at its absolute lifetime (TA_SESSION_MAX_SECONDS, 900 s): 410', async () => {
    const user = await newUser();
    const session = await ta.select('mtan-ta-flow');
    t.clock.advanceSeconds(299);
    expectOk(await ta.step(session, 'user/identify', { username: user.username }));
    t.clock.advanceSeconds(299);
    expectOk(await ta.step(session, 'parameters', { messageParameters: PAYMENT }));
    t.clock.advanceSeconds(299);
    expectOk(await ta.step(session, 'mtan/otp/resend')); // +897 s: never idle for 300 s
    const code = codeIn(lastSmsTo(user.phone).text);
    t.clock.advanceSeconds(4);
    const late = await ta.step(session, 'mtan/otp/check', { otp: code }); // the right, live code
    expect(late.status).toBe(410);
    expect(errorOf(late)).toMatchObject({ status: 410, code: 'SESSION_EXPIRED' });
    const detail = (await admin(`/sessions/${session.id}`).expect(200)).body;
    expect(detail.state).toBe('EXPIRED');
    expect(detail.events.at(-1)).toMatchObject({ type: 'transaction-approval.expired' });
  });

  it('moves on when the SMS gateway is down, and delivers the code when it is back', async () => {
    const user = await newUser();
    await sms.goDown();
    let session: TaSessionRef;
    try {
      const started = await ta.upToCode('mtan-ta-flow', user.username);
      session = started.session;
      expect(started.res.body).toEqual(
        sessionDocument(session.id, {
          nextStep: 'MTAN_OTP_CHECK_REQUIRED',
          phoneNumber: user.phone,
          resendPossible: true,
          deliveryFailed: true,
        }),
      );
    } finally {
      await sms.comeBack();
    }
    expect(sms.messages.find((m) => m.to === user.phone)).toBeUndefined();
    t.clock.advanceSeconds(25);
    await t.app.get(DeliveryRetryJob).runOnce();
    const code = codeIn(lastSmsTo(user.phone).text);
    expectOk(await ta.step(session, 'mtan/otp/check', { otp: code }));
  });

  it('moves on when the SMTP server is down, and delivers the e-mail when it is back', async () => {
    const user = await newUser();
    await smtp.goDown();
    let session: TaSessionRef;
    try {
      const started = await ta.upToCode('emailotp-ta-flow', user.username);
      session = started.session;
      expect(started.res.body).toEqual(
        sessionDocument(session.id, {
          nextStep: 'EMAIL_OTP_CHECK_REQUIRED',
          emailAddress: user.email,
          resendPossible: false,
          deliveryFailed: true,
        }),
      );
    } finally {
      await smtp.comeBack();
    }
    expect(smtp.messages.find((m) => m.to.includes(user.email))).toBeUndefined();
    t.clock.advanceSeconds(25);
    await t.app.get(DeliveryRetryJob).runOnce();
    const code = codeIn(lastMailTo(user.email).text);
    const approved = await ta.step(session, 'email/otp/check', { otp: code });
    expect(approved.body).toEqual(sessionDocument(session.id, {}));
    expect(await sessionState(session.id)).toBe('APPROVED');
  });

  it('cancels an open session; its events show what happened, never the code', async () => {
    const user = await newUser();
    const { session } = await ta.upToCode('emailotp-ta-flow', user.username);
    const canceled = await ta.step(session, 'cancel');
    expect(canceled.body).toEqual(sessionDocument(session.id, { canceled: true }));
    const code = codeIn(lastMailTo(user.email).text);
    const after = await ta.step(session, 'email/otp/check', { otp: code });
    expect(errorOf(after)).toMatchObject({ status: 409, code: 'UNEXPECTED_STEP', meta: { nextStep: null } });
    const detail = (await admin(`/sessions/${session.id}`).expect(200)).body;
    expect(detail).toMatchObject({ sessionId: session.id, state: 'CANCELED', nextStep: null, userId: user.userId });
    expect(detail.events.at(-1)).toMatchObject({
      type: 'transaction-approval.canceled',
      subjectId: session.id,
      userId: user.userId,
      data: expect.objectContaining({ from: 'EMAIL_OTP_CHECK_REQUIRED' }),
    });
    expect(JSON.stringify(detail)).not.toContain(code);
    expect(JSON.stringify(detail)).not.toContain(session.token);
  });

  describe('bad input', () => {
    let user: { username: string };
    beforeAll(async () => {
      user = await newUser();
    });

    it('refuses unknown fields, wrong types and oversized values with source.pointer', async () => {
      const session = await ta.select('emailotp-ta-flow');
      const extra = await ta.step(session, 'user/identify', { username: user.username, role: 'admin' });
      expect(extra.status).toBe(400);
      expect(errorOf(extra)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', source: { pointer: '/role' } });
      const long = await ta.step(session, 'user/identify', { username: 'x'.repeat(65) });
      expect(errorOf(long)).toMatchObject({ code: 'VALIDATION_FAILED', source: { pointer: '/username' } });
      const typed = await ta.step(session, 'user/identify', { username: 42 });
      expect(errorOf(typed)).toMatchObject({ code: 'VALIDATION_FAILED', source: { pointer: '/username' } });
      const array = await ta.step(session, 'user/identify', [1]);
      expect(array.status).toBe(400);
      // A JSON null is not a body (no body is): refused on a route that takes none as well.
      for (const path of ['user/identify', 'cancel']) {
        const nulled = await ta
          .call(path, { token: session.token })
          .set('Content-Type', 'application/json')
          .send('null');
        expect([path, nulled.status, errorOf(nulled).code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      }
      // both names sent: each is checked (the wrong-typed one was once passed on: a 500)
      for (const endUsername of [[['x']], { a: 1 }, 42]) {
        const both = await ta.step(session, 'end-user/identify', { 'end-username': endUsername, username: 'jdoe' });
        expect(errorOf(both)).toMatchObject({ code: 'VALIDATION_FAILED', source: { pointer: '/end-username' } });
      }
      const bodyOnSelect = await ta.call('flows/emailotp-ta-flow/select', { body: { x: 1 } });
      expect(errorOf(bodyOnSelect)).toMatchObject({ code: 'VALIDATION_FAILED', source: { pointer: '/x' } });
      expectOk(await ta.step(session, 'user/identify', { username: user.username }));
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ ...PAYMENT, payee: 'x' }, '/messageParameters/payee'],
        [{ ...PAYMENT, amount: 9999 }, '/messageParameters/amount'],
        [{ ...PAYMENT, amount: '-1' }, '/messageParameters/amount'],
        [{ ...PAYMENT, amount: '1e5' }, '/messageParameters/amount'],
        [{ ...PAYMENT, currency: 'XYZ' }, '/messageParameters/currency'],
        [{ ...PAYMENT, accountNumber: 'x'.repeat(35) }, '/messageParameters/accountNumber'],
        [{ accountNumber: '0123456', amount: '1' }, '/messageParameters/currency'],
        [{ ...PAYMENT, type: 't'.repeat(141) }, '/messageParameters/type'],
      ];
      for (const [messageParameters, pointer] of cases) {
        const res = await ta.step(session, 'parameters', { messageParameters });
        expect([pointer, res.status]).toEqual([pointer, 400]);
        expect(errorOf(res)).toMatchObject({ code: 'VALIDATION_FAILED', source: { pointer } });
      }
      for (const odd of [[], 'x', null, { constructor: '1' }, { toString: '1', hasOwnProperty: '2' }]) {
        const res = await ta.step(session, 'parameters', { messageParameters: odd });
        expect([odd, res.status]).toEqual([odd, 400]);
      }
      const proto = await t.http
        .post(`${TA}/parameters`)
        .set('Authorization', ta.auth)
        .set('X-Session-ID', session.token)
        .set('Content-Type', 'application/json')
        .send(`{"messageParameters":{"__proto__":{"amount":"1"},"accountNumber":"1","amount":"1","currency":"CHF"}}`);
      expect(errorOf(proto)).toMatchObject({ status: 400 }); // prototype poisoning is refused before routing
      for (const token of ['x', 'a'.repeat(43), '../../etc', 'a'.repeat(5000)]) {
        const res = await ta.call('parameters', { token, body: { messageParameters: PAYMENT } });
        expect(errorOf(res)).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
      }
      const noParameters = await ta.step(session, 'parameters', {});
      expect(errorOf(noParameters)).toMatchObject({
        code: 'VALIDATION_FAILED',
        source: { pointer: '/messageParameters' },
      });
      expect(await sessionState(session.id)).toBe('PARAMETERS_REQUIRED');
    });

    it('answers malformed JSON and unknown flows in the JSON:API dialect', async () => {
      const malformed = await t.http
        .post(`${TA}/user/identify`)
        .set('Authorization', ta.auth)
        .set('Content-Type', 'application/json')
        .send('{"username":');
      expect(malformed.status).toBe(400);
      expect(errorOf(malformed).status).toBe(400);
      const unknown = await ta.call('flows/no-such-flow/select');
      expect(errorOf(unknown)).toMatchObject({ status: 404, code: 'FLOW_NOT_FOUND' });
      const unauthenticated = await t.http.post(`${TA}/flows/emailotp-ta-flow/select`);
      expect(errorOf(unauthenticated)).toMatchObject({ status: 401 });
    });
  });

  describe('flow administration', () => {
    const flow = {
      flowId: 'test-email-flow',
      method: 'EMAIL_OTP',
      parameters: [
        { name: 'amount', kind: 'AMOUNT', required: true, linked: true },
        { name: 'currency', kind: 'CURRENCY', required: true, linked: true },
        { name: 'note', kind: 'TEXT', required: false, linked: false },
      ],
      messages: {
        en: { default: { subject: 'Confirm', text: 'Pay ${amount} ${currency} (${note,left,5})? code: ${TOKEN}' } },
      },
      maxOtpResends: 0,
    };
    const write = (method: 'post' | 'put', path: string, body: unknown) =>
      t.http[method](`/admin/transaction-approval/flows${path}`)
        .set('Authorization', t.adminAuth())
        .send(body as object);

    it('lists the four seeded flows', async () => {
      const res = await admin('/flows').expect(200);
      expect(res.body.map((f: { flowId: string; method: string }) => [f.flowId, f.method])).toEqual([
        ['emailotp-ta-flow', 'EMAIL_OTP'],
        ['legacy-default-flow', 'MTAN'],
        ['mtan-ta-flow', 'MTAN'],
        ['my-flow-1', 'PUSH'],
      ]);
      const push = res.body.find((f: { flowId: string }) => f.flowId === 'my-flow-1');
      expect(push).toMatchObject({
        numberMatching: false,
        pushValiditySeconds: 120,
        approvalProof: false,
        maskContact: false,
      });
    });

    it('refuses invalid flows with the field at fault', async () => {
      const noToken = { ...flow, messages: { en: { default: { subject: 'x', text: 'Pay ${amount}' } } } };
      expect((await write('post', '', noToken).expect(400)).body.fieldErrors).toEqual([
        expect.objectContaining({ path: 'messages.en.default.text' }),
      ]);
      const shortenedLinked = {
        ...flow,
        messages: { en: { default: { subject: 'x', text: '${amount,left,2} ${TOKEN}' } } },
      };
      expect((await write('post', '', shortenedLinked).expect(400)).body.fieldErrors[0].path).toBe(
        'messages.en.default.text',
      );
      await write('post', '', { ...flow, method: 'FAX' }).expect(400);
      await write('post', '', { ...flow, otpLength: 5 }).expect(400);
      await write('post', '', { ...flow, otpValiditySeconds: 601 }).expect(400);
      await write('post', '', {
        ...flow,
        messages: { en: { default: { subject: 'x', text: '${nope} ${TOKEN}' } } },
      }).expect(400);
      await write('post', '', { ...flow, flowId: 'emailotp-ta-flow' }).expect(409);
    });

    it('refuses unknown fields, also in parameters and messages, and a flowId in a PUT body', async () => {
      const fieldErrors = async (method: 'post' | 'put', path: string, body: unknown) =>
        ((await write(method, path, body).expect(400)).body.fieldErrors as Array<{ path: string }>).map((e) => e.path);
      const unknownFlow = { ...flow, flowId: 'test-strict-flow' };
      expect(await fieldErrors('post', '', { ...unknownFlow, bogus: 1 })).toEqual(['bogus']);
      expect(
        await fieldErrors('post', '', {
          ...unknownFlow,
          parameters: [{ ...flow.parameters[0], extra: 'x' }, ...flow.parameters.slice(1)],
        }),
      ).toEqual(['parameters.0.extra']);
      const junk = { en: { default: { ...flow.messages.en.default, junk: 'stored?' } } };
      expect(await fieldErrors('post', '', { ...unknownFlow, messages: junk })).toEqual(['messages.en.default.junk']);
      await admin('/flows/test-strict-flow').expect(404); // none of them was stored

      await write('post', '', unknownFlow).expect(201);
      const { flowId: _flowId, ...replacement } = unknownFlow;
      expect(await fieldErrors('put', '/test-strict-flow', { ...replacement, otpLength: 8, bogus: 1 })).toEqual([
        'bogus',
      ]);
      expect(await fieldErrors('put', '/test-strict-flow', { ...unknownFlow, otpLength: 8 })).toEqual(['flowId']);
      expect(await fieldErrors('put', '/test-strict-flow', { ...replacement, messages: junk })).toEqual([
        'messages.en.default.junk',
      ]);
      expect((await admin('/flows/test-strict-flow').expect(200)).body).toMatchObject({
        otpLength: 6,
        messages: flow.messages,
      });
      await write('put', '/test-strict-flow', { ...replacement, otpLength: 8 }).expect(200);
      await t.http
        .delete('/admin/transaction-approval/flows/test-strict-flow')
        .set('Authorization', t.adminAuth())
        .expect(204);
    });

    it('shortens what an SMS template allows to fit 160 characters, else MESSAGE_TOO_LONG', async () => {
      const user = await newUser();
      const sms160 = {
        flowId: 'test-sms-flow',
        method: 'MTAN',
        parameters: [
          { name: 'amount', kind: 'AMOUNT', required: true, linked: true },
          { name: 'currency', kind: 'CURRENCY', required: true, linked: true },
          { name: 'note', kind: 'TEXT', required: true, linked: false },
        ],
        messages: { en: { default: { text: 'Pay ${amount} ${currency} for ${note,left,10}. code: ${TOKEN}' } } },
      };
      await write('post', '', sms160).expect(201);
      const note = 'n'.repeat(140);
      const { session, res } = await ta.upToCode('test-sms-flow', user.username, {
        amount: '5',
        currency: 'EUR',
        note,
      } as never);
      expectOk(res);
      const text = lastSmsTo(user.phone).text;
      expect(text).toHaveLength(160);
      expect(text).toMatch(/^Pay 5 EUR for n+\.\.\. code: \d{6}$/);
      expectOk(await ta.step(session, 'mtan/otp/check', { otp: codeIn(text) }));
      const unshortenable = {
        ...sms160,
        flowId: 'test-sms-long',
        messages: { en: { default: { text: `${'x'.repeat(150)} \${note,left,10} \${TOKEN}` } } },
      };
      await write('post', '', unshortenable).expect(201);
      const tooLong = await ta.upToCode('test-sms-long', user.username, {
        amount: '5',
        currency: 'EUR',
        note,
      } as never);
      expect(errorOf(tooLong.res)).toMatchObject({ status: 400, code: 'MESSAGE_TOO_LONG' });
      expect(await sessionState(tooLong.session.id)).toBe('PARAMETERS_REQUIRED');
    });

    it('creates, changes and deletes a flow; each change applies to the next request', async () => {
      const user = await newUser();
      const created = await write('post', '', flow).expect(201);
      expect(created.body).toMatchObject({
        flowId: 'test-email-flow',
        enabled: true,
        otpLength: 6,
        maxWrongOtpChecks: 2,
      });
      const { session, res } = await ta.upToCode('test-email-flow', user.username, {
        amount: '10.50',
        currency: 'EUR',
        note: 'Rent for March',
      } as never);
      expect(res.body.data.attributes).toEqual({
        nextStep: 'EMAIL_OTP_CHECK_REQUIRED',
        emailAddress: user.email,
        resendPossible: false,
      });
      expect(lastMailTo(user.email).text).toMatch(/^Pay 10\.50 EUR \(Rent for March\)\? code: \d{6}$/);
      await write('put', '/test-email-flow', { ...flow, flowId: undefined, otpLength: 8, maskContact: true }).expect(
        200,
      );
      const second = await ta.upToCode('test-email-flow', user.username, { amount: '1', currency: 'EUR' } as never);
      expect(second.res.body.data.attributes.emailAddress).toBe(`j***@airlock.com`);
      expect(codeIn(lastMailTo(user.email).text)).toHaveLength(8);
      expectOk(
        await ta.step(session, 'email/otp/check', {
          otp: codeIn(smtp.messages.filter((m) => m.to.includes(user.email)).at(-2)!.text),
        }),
      );
      await t.http
        .delete('/admin/transaction-approval/flows/test-email-flow')
        .set('Authorization', t.adminAuth())
        .expect(204);
      const gone = await ta.call('flows/test-email-flow/select');
      expect(errorOf(gone)).toMatchObject({ status: 404, code: 'FLOW_NOT_FOUND' });
      await admin('/flows/test-email-flow').expect(404);
    });
  });
});
