import { DataSource } from 'typeorm';
import { FakeClock, SmtpSink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import {
  BackOfficeUser,
  TFA_HEADER,
  bearer,
  codeIn,
  createBackOfficeUser,
  decodeQr,
  login,
  referenceTotp,
} from './support/twofactor-client';

describe('/v1 TOTP: enrolment with QR, confirm, validate, replay, remove', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  // 10 s into a 30 s step, so "the next step" is never ambiguous.
  const clock = new FakeClock('2026-03-02T09:00:10.000Z');

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startApiServer({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'stepwise@bank.example' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const totpOnly = () => createBackOfficeUser(t, ['BACK_OFFICE'], { email: null, phoneNumber: null });
  const validateTotp = (session: string, code: string) =>
    t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'TOTP', token: code });

  async function enrolAndConfirm(user: BackOfficeUser, session: string): Promise<string> {
    const enrol = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session));
    expect(enrol.status).toBe(200);
    const confirm = await t.http
      .post('/v1/twofactor/totp/confirm')
      .set('Authorization', bearer(session))
      .send({ token: referenceTotp(enrol.body.secret, clock.now()) });
    expect(confirm.status).toBe(200);
    return enrol.body.secret;
  }

  it('enrols with an otpauth URI and a QR code that decodes to it; the secret is sealed at rest', async () => {
    const user = await totpOnly();
    const session = await login(t, user);
    const unsupported = (name: string) => [
      expect.objectContaining({ userMessageGlobalisationCode: 'error.msg.parameter.unsupported', parameterName: name }),
    ];
    const labelled = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session)).send({ label: 'x' });
    expect([labelled.status, labelled.body.errors]).toEqual([400, unsupported('label')]);
    const enrol = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session));
    expect(enrol.status).toBe(200);
    expect(Object.keys(enrol.body)).toEqual(['secret', 'otpauthUri', 'qrCode']);
    const extra = await t.http
      .post('/v1/twofactor/totp/confirm')
      .set('Authorization', bearer(session))
      .send({ token: referenceTotp(enrol.body.secret, clock.now()), remember: true });
    expect([extra.status, extra.body.errors]).toEqual([400, unsupported('remember')]);
    const { secret, otpauthUri, qrCode } = enrol.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 160 bits
    expect(otpauthUri).toBe(
      `otpauth://totp/stepwise:${user.username}?secret=${secret}&issuer=stepwise&algorithm=SHA1&digits=6&period=30`,
    );
    expect(qrCode).toMatch(/^data:image\/png;base64,/);
    expect(decodeQr(qrCode)).toBe(otpauthUri);

    const stored = await t.app
      .get(DataSource)
      .query('SELECT sealedSecret, status FROM tf_totp_factor WHERE userId = ?', [user.userId]);
    expect(stored[0].status).toBe('PENDING');
    expect(stored[0].sealedSecret).toMatch(/^sb1\./);
    expect(stored[0].sealedSecret).not.toContain(secret);

    // Pending: not yet a method, and a TOTP code does not validate.
    expect((await t.http.get('/v1/twofactor').set('Authorization', bearer(session))).body).toEqual([]);
    expect((await validateTotp(session, referenceTotp(secret, clock.now()))).status).toBe(403);

    const wrong = await t.http
      .post('/v1/twofactor/totp/confirm')
      .set('Authorization', bearer(session))
      .send({ token: '000000' });
    expect(wrong.status).toBe(403);
    const confirm = await t.http
      .post('/v1/twofactor/totp/confirm')
      .set('Authorization', bearer(session))
      .send({ token: referenceTotp(secret, clock.now()) });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toEqual({ active: true });
    expect((await t.http.get('/v1/twofactor').set('Authorization', bearer(session))).body).toEqual([{ name: 'TOTP' }]);
    const auth = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
    expect(auth.body.mfaDeliveryMethods).toEqual(['TOTP']);
    expect(JSON.stringify(auth.body)).not.toContain(secret);
    expect(t.logs.text()).not.toContain(secret);
    const audit = await t.http
      .get(`/admin/audit-events?userId=${user.userId}&size=100`)
      .set('Authorization', t.adminAuth());
    expect(audit.body.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['twofactor.totp.enrolled', 'twofactor.totp.confirmed']),
    );
    expect(JSON.stringify(audit.body)).not.toContain(secret);
  });

  it('validates codes of the current step ±1 (computed independently), each step only once', async () => {
    const user = await totpOnly();
    const session = await login(t, user);
    const secret = await enrolAndConfirm(user, session);
    // The confirming code's step is spent.
    expect((await validateTotp(session, referenceTotp(secret, clock.now()))).status).toBe(403);
    clock.advanceSeconds(30);
    const ok = await validateTotp(session, referenceTotp(secret, clock.now()));
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^[0-9a-f]{32}$/);
    const replay = await validateTotp(session, referenceTotp(secret, clock.now()));
    expect(replay.status).toBe(403);
    expect(replay.body.errors[0].userMessageGlobalisationCode).toBe('error.msg.twofactor.otp.token.invalid');
    // One step ahead (a fast phone clock) is accepted; two steps are not.
    const ahead = new Date(clock.now().getTime() + 30_000);
    expect((await validateTotp(session, referenceTotp(secret, new Date(ahead.getTime() + 30_000)))).status).toBe(403);
    expect((await validateTotp(session, referenceTotp(secret, ahead))).status).toBe(200);
    // Behind the last accepted step: refused even though within ±1 of now.
    clock.advanceSeconds(30);
    expect((await validateTotp(session, referenceTotp(secret, new Date(clock.now().getTime() - 30_000)))).status).toBe(
      403,
    );
    const replays = await t.http
      .get(`/admin/audit-events?userId=${user.userId}&type=twofactor.totp.replay-refused`)
      .set('Authorization', t.adminAuth());
    expect(replays.body.total).toBeGreaterThanOrEqual(2);
  });

  it('accepts exactly one of 20 concurrent submissions of one code', async () => {
    const user = await totpOnly();
    const session = await login(t, user);
    const secret = await enrolAndConfirm(user, session);
    clock.advanceSeconds(30);
    const code = referenceTotp(secret, clock.now());
    const answers = await Promise.all(Array.from({ length: 20 }, () => validateTotp(session, code)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
  });

  it('needs the second factor to enrol once the user has one, and to remove the authenticator', async () => {
    const user = await createBackOfficeUser(t, ['BACK_OFFICE'], { phoneNumber: null });
    const session = await login(t, user);
    const refused = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session));
    expect(refused.status).toBe(403);
    expect(refused.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.required');

    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    const mail = smtp.messages.filter((m) => m.to.includes(user.email!)).at(-1)!;
    const token = (
      await t.http
        .post('/v1/twofactor/validate')
        .set('Authorization', bearer(session))
        .send({ deliveryMethod: 'EMAIL', token: codeIn(mail.text) })
    ).body.token as string;
    const enrol = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session)).set(TFA_HEADER, token);
    expect(enrol.status).toBe(200);
    const confirm = await t.http
      .post('/v1/twofactor/totp/confirm')
      .set('Authorization', bearer(session))
      .set(TFA_HEADER, token)
      .send({ token: referenceTotp(enrol.body.secret, clock.now()) });
    expect(confirm.status).toBe(200);
    const again = await t.http.post('/v1/twofactor/totp').set('Authorization', bearer(session)).set(TFA_HEADER, token);
    expect(again.status).toBe(403);
    expect(again.body.errors[0].userMessageGlobalisationCode).toBe('error.msg.twofactor.totp.already.enrolled');

    expect((await t.http.delete('/v1/twofactor/totp').set('Authorization', bearer(session))).status).toBe(403);
    const removed = await t.http
      .delete('/v1/twofactor/totp')
      .set('Authorization', bearer(session))
      .set(TFA_HEADER, token);
    expect(removed.status).toBe(200);
    clock.advanceSeconds(30);
    expect((await validateTotp(session, referenceTotp(enrol.body.secret, clock.now()))).status).toBe(403);
    expect((await t.http.get('/v1/twofactor').set('Authorization', bearer(session))).body).toEqual([
      { name: 'EMAIL', target: `${user.username[0]}***@example.com` },
    ]);
    const removals = await t.http
      .get(`/admin/audit-events?userId=${user.userId}&type=twofactor.totp.removed`)
      .set('Authorization', t.adminAuth());
    expect(removals.body.items).toEqual([
      expect.objectContaining({ type: 'twofactor.totp.removed', requestId: expect.any(String) }),
    ]);
  });
});
