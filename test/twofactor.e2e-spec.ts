import { DataSource } from 'typeorm';
import { FakeClock, SmsGatewaySink, SmtpSink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import {
  BackOfficeUser,
  TFA_HEADER,
  bearer,
  codeIn,
  createBackOfficeUser,
  createRole,
  login,
} from './support/twofactor-client';

const ALPHABET = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const parseText = (s: string) => new Date(`${s.replace(' ', 'T')}Z`).getTime();
const localTime = (v: { date: number[]; time: { hour: number; minute: number; second: number; nano: number } }) =>
  Date.UTC(v.date[0]!, v.date[1]! - 1, v.date[2]!, v.time.hour, v.time.minute, v.time.second, v.time.nano / 1e6);

describe('/v1 back-office two-factor: OTP by e-mail and SMS, tokens, permissions', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let sms: SmsGatewaySink;
  const clock = new FakeClock('2026-03-02T09:00:00.123Z');
  let backOffice: string;
  let configRole: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    sms = await SmsGatewaySink.start();
    t = await startApiServer({
      clock,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'stepwise@bank.example',
        SMS_GATEWAY_URL: sms.url,
        USER_MAX_FAILED_ATTEMPTS: '7',
      },
    });
    backOffice = 'BACK_OFFICE';
    configRole = await createRole(t, ['TWOFACTOR_CONFIG']);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await sms.close();
  });
  beforeEach(() => clock.advanceSeconds(3600)); // a fresh rate-limit window for every test

  const auditOf = async (userId: string, type: string) => {
    const res = await t.http
      .get(`/admin/audit-events?userId=${userId}&type=${type}&size=100`)
      .set('Authorization', t.adminAuth());
    expect(res.status).toBe(200);
    return res.body.items as Array<{
      type: string;
      data: Record<string, unknown>;
      clientId: string | null;
      requestId: string | null;
      ip: string | null;
    }>;
  };
  const mailTo = (user: BackOfficeUser) => smtp.messages.filter((m) => m.to.includes(user.email!));
  const lastCodeFor = (user: BackOfficeUser) => codeIn(mailTo(user).at(-1)!.text);

  async function otpToken(user: BackOfficeUser, session: string, extendedToken = false): Promise<string> {
    const req = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', extendedToken });
    expect(req.status).toBe(200);
    const res = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: lastCodeFor(user) });
    expect(res.status).toBe(200);
    return res.body.token;
  }

  it('authenticates the first factor and lists the masked delivery methods', async () => {
    const user = await createBackOfficeUser(t, [backOffice], { email: 'jana.novak@example.com' });
    const res = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      userId: user.userId,
      username: user.username,
      accessToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      validTo: expect.stringMatching(DATE_TEXT),
      isTwoFactorAuthenticationRequired: true,
      mfaDeliveryMethods: ['EMAIL', 'SMS'],
      permissions: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA'],
    });
    expect(parseText(res.body.validTo) - Math.floor(clock.now().getTime() / 1000) * 1000).toBe(30 * 60 * 1000);
    const methods = await t.http.get('/v1/twofactor').set('Authorization', bearer(res.body.accessToken));
    expect(methods.status).toBe(200);
    expect(methods.body).toEqual([
      { name: 'EMAIL', target: 'j***@example.com' },
      { name: 'SMS', target: '+420******456' },
    ]);
    clock.advanceSeconds(30 * 60);
    const expired = await t.http.get('/v1/twofactor').set('Authorization', bearer(res.body.accessToken));
    expect(expired.status).toBe(401);
    expect(expired.body.userMessageGlobalisationCode).toBe('error.msg.not.authenticated');
  });

  it('answers a wrong password and an unknown user alike (401 in the upstream shape)', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const wrong = await t.http.post('/v1/authentication').send({ username: user.username, password: 'nope' });
    const unknown = await t.http.post('/v1/authentication').send({ username: 'nobody-here', password: 'nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        developerMessage: 'Invalid username or password.',
        httpStatusCode: '401',
        defaultUserMessage: 'Invalid username or password.',
        userMessageGlobalisationCode: 'error.msg.not.authenticated',
        errors: [
          {
            developerMessage: 'Invalid username or password.',
            defaultUserMessage: 'Invalid username or password.',
            userMessageGlobalisationCode: 'error.msg.not.authenticated',
            parameterName: 'id',
          },
        ],
      });
    }
  });

  it('reproduces the seed: request an e-mail OTP (SMTP), exchange it for a 24 h token, use it', async () => {
    const user = await createBackOfficeUser(t, [backOffice, configRole]);
    const session = await login(t, user);
    const request = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', extendedToken: false });
    expect(request.status).toBe(200);
    expect(Object.keys(request.body)).toEqual(['expirationTime', 'requestTime']);
    const now = clock.now();
    expect(request.body.requestTime).toEqual({
      date: [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate()],
      time: { hour: now.getUTCHours(), minute: now.getUTCMinutes(), second: now.getUTCSeconds(), nano: 123_000_000 },
    });
    expect(localTime(request.body.expirationTime) - localTime(request.body.requestTime)).toBe(300_000);

    const mails = mailTo(user);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('stepwise two-factor authentication token');
    const code = codeIn(mails[0]!.text);
    expect(code).toMatch(ALPHABET);
    expect(mails[0]!.text).toBe(`Hello ${user.username}.\nYour OTP login token is ${code}.`);

    const validate = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code.toLowerCase() }); // case-insensitive
    expect(validate.status).toBe(200);
    expect(Object.keys(validate.body)).toEqual(['token', 'validTo', 'validFrom']);
    expect(validate.body.token).toMatch(/^[0-9a-f]{32}$/);
    expect(validate.body.validFrom).toMatch(DATE_TEXT);
    expect(parseText(validate.body.validTo) - parseText(validate.body.validFrom)).toBe(86_400_000);

    const again = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code });
    expect(again.status).toBe(403); // single use
    expect(again.body).toMatchObject({
      httpStatusCode: '403',
      userMessageGlobalisationCode: 'validation.msg.domain.rule.violation',
      errors: [{ userMessageGlobalisationCode: 'error.msg.twofactor.otp.token.invalid', parameterName: 'id' }],
    });

    const config = await t.http
      .get('/v1/twofactor/configure')
      .set('Authorization', bearer(session))
      .set(TFA_HEADER, validate.body.token);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({ 'otp-token-live-time': 300, 'otp-token-length': 6 });
    expect(JSON.stringify(t.logs.text())).not.toContain(code);
    expect(t.logs.text()).not.toContain(validate.body.token);
  });

  it('sends an SMS through the gateway and accepts the upstream query form', async () => {
    const user = await createBackOfficeUser(t, [backOffice], { phoneNumber: '+420603111222' });
    const session = await login(t, user);
    const request = await t.http
      .post('/v1/twofactor?deliveryMethod=sms&extendedToken=false')
      .set('Authorization', bearer(session));
    expect(request.status).toBe(200);
    const text = sms.messages.filter((m) => m.to === '+420603111222').at(-1)!.text;
    expect(text).toMatch(/^Your authentication token for stepwise is [0-9A-Z]{6}\.$/);
    const validate = await t.http
      .post(`/v1/twofactor/validate?deliveryMethod=SMS&token=${codeIn(text)}`)
      .set('Authorization', bearer(session));
    expect(validate.status).toBe(200);
    expect(validate.body.token).toMatch(/^[0-9a-f]{32}$/);
    expect(t.logs.text()).not.toContain(codeIn(text));
    // The upstream's validate names no channel: the live code's (SMS) is used, not EMAIL.
    clock.advanceSeconds(31);
    expect((await t.http.post('/v1/twofactor?deliveryMethod=SMS').set('Authorization', bearer(session))).status).toBe(
      200,
    );
    const next = codeIn(sms.messages.filter((m) => m.to === '+420603111222').at(-1)!.text);
    const upstream = await t.http.post(`/v1/twofactor/validate?token=${next}`).set('Authorization', bearer(session));
    expect(upstream.status).toBe(200);
    expect(await auditOf(user.userId, 'twofactor.otp.failed')).toEqual([]);
    expect(await auditOf(user.userId, 'twofactor.otp.verified')).toEqual([
      expect.objectContaining({ data: { deliveryMethod: 'SMS' } }),
      expect.objectContaining({ data: { deliveryMethod: 'SMS' } }),
    ]);
  });

  it('validates bodies with the upstream validation shape', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const res = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'FAX', extendedToken: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      developerMessage: 'Invalid parameter details were passed in the api request.',
      httpStatusCode: '400',
      defaultUserMessage: 'Validation errors exist.',
      userMessageGlobalisationCode: 'validation.msg.validation.errors.exist',
    });
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          parameterName: 'deliveryMethod',
          userMessageGlobalisationCode: 'validation.msg.twofactor.deliveryMethod.is.not.one.of.expected.enumerations',
        }),
        expect.objectContaining({ parameterName: 'extendedToken' }),
      ]),
    );
    for (const e of res.body.errors) {
      expect(Object.keys(e).sort()).toEqual([
        'defaultUserMessage',
        'developerMessage',
        'parameterName',
        'userMessageGlobalisationCode',
      ]);
    }
    const noMethod = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'SMS' });
    expect(noMethod.status).toBe(200);
    const unavailable = await createBackOfficeUser(t, [backOffice], { phoneNumber: null });
    const s2 = await login(t, unavailable);
    const noPhone = await t.http.post('/v1/twofactor').set('Authorization', bearer(s2)).send({ deliveryMethod: 'SMS' });
    expect(noPhone.status).toBe(403);
    expect(noPhone.body.errors[0].userMessageGlobalisationCode).toBe('error.msg.twofactor.otp.delivery.invalid');
  });

  it('refuses unknown body fields and non-object bodies as upstream; unknown query keys are ignored', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const unsupported = (name: string) => ({
      developerMessage: 'Invalid parameter details were passed in the api request.',
      httpStatusCode: '400',
      defaultUserMessage: 'Validation errors exist.',
      userMessageGlobalisationCode: 'validation.msg.validation.errors.exist',
      errors: [
        {
          developerMessage: `The parameter ${name} is not supported.`,
          defaultUserMessage: `The parameter ${name} is not supported.`,
          userMessageGlobalisationCode: 'error.msg.parameter.unsupported',
          parameterName: name,
        },
      ],
    });
    const auth = await t.http
      .post('/v1/authentication')
      .send({ username: user.username, password: user.password, rememberMe: true });
    expect([auth.status, auth.body]).toEqual([400, unsupported('rememberMe')]);
    const asUser = (path: string, body: unknown) =>
      t.http
        .post(path)
        .set('Authorization', bearer(session))
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
    const refused: Array<[string, unknown, string]> = [
      ['/v1/twofactor', { deliveryMethod: 'EMAIL', foo: 'bar' }, 'foo'],
      ['/v1/twofactor/validate', { deliveryMethod: 'EMAIL', token: 'AAAAAA', foo: 'bar' }, 'foo'],
      ['/v1/twofactor/invalidate', { token: 'c9ab5972e29f4575ab5e5413440772f6', foo: 'bar' }, 'foo'],
    ];
    for (const [path, body, name] of refused) {
      const res = await asUser(path, body);
      expect([path, res.status, res.body]).toEqual([path, 400, unsupported(name)]);
    }
    const client = await t.createClient(['two-factor']);
    const introspect = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .send({ token: 'c9ab5972e29f4575ab5e5413440772f6', verbose: true });
    expect([introspect.status, introspect.body]).toEqual([400, unsupported('verbose')]);

    // A JSON array is not a body, also not beside the upstream's query form.
    const array = await asUser('/v1/twofactor?deliveryMethod=EMAIL', [{ deliveryMethod: 'EMAIL' }]);
    expect(array.status).toBe(400);
    expect(array.body).toMatchObject({
      userMessageGlobalisationCode: 'error.msg.invalid.request.body',
      errors: [{ userMessageGlobalisationCode: 'error.msg.invalid.request.body' }],
    });
    const arrayValidate = await asUser('/v1/twofactor/validate', ['AAAAAA']);
    expect(arrayValidate.status).toBe(400);
    expect(mailTo(user)).toHaveLength(0); // nothing refused above sent a code
    // Unknown query keys are ignored, as upstream (JAX-RS reads only the parameters it names).
    const query = await t.http
      .post('/v1/twofactor?deliveryMethod=email&utm_source=x')
      .set('Authorization', bearer(session));
    expect(query.status).toBe(200);
    expect(mailTo(user)).toHaveLength(1);
  });

  it('binds a code to parameters of any name, "constructor" too (no 500)', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const binding = { operation: 'submitTransfer', parameters: { constructor: 'B-17', amount: 1500 } };
    const request = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', ...binding });
    expect(request.status).toBe(200);
    const mail = mailTo(user).at(-1)!.text;
    expect(mail).toContain('constructor: B-17');
    const code = codeIn(mail);
    const otherValue = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code, ...binding, parameters: { constructor: 'B-18', amount: 1500 } });
    expect(otherValue.status).toBe(403);
    const validate = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code, ...binding });
    expect(validate.status).toBe(200);
    expect(validate.body.operationToken).toEqual(expect.any(String));
    const nested = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code, operation: 'x', parameters: { constructor: { name: 1 } } });
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].parameterName).toBe('parameters.constructor');
  });

  it('validates query parameters in the upstream shape', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const res = await t.http
      .post('/v1/twofactor?deliveryMethod=EMAIL&extendedToken=maybe')
      .set('Authorization', bearer(session));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      httpStatusCode: '400',
      userMessageGlobalisationCode: 'validation.msg.validation.errors.exist',
      errors: [
        {
          parameterName: 'extendedToken',
          userMessageGlobalisationCode: 'validation.msg.twofactor.extendedToken.must.be.true.or.false',
        },
      ],
    });
  });

  it('refuses a missing permission with error.msg.not.authorized.to.<permission>', async () => {
    const onlyOtp = await createRole(t, ['REQUEST_OTP']);
    const user = await createBackOfficeUser(t, [onlyOtp]);
    const session = await login(t, user);
    expect(
      (await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' }))
        .status,
    ).toBe(200);
    const res = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: lastCodeFor(user) });
    expect(res.status).toBe(403);
    expect(res.body.userMessageGlobalisationCode).toBe('error.msg.not.authorized.to.REQUEST_TOKEN_MFA');
    const nobody = await createBackOfficeUser(t, []);
    const s2 = await login(t, nobody);
    const none = await t.http.post('/v1/twofactor').set('Authorization', bearer(s2)).send({ deliveryMethod: 'EMAIL' });
    expect(none.status).toBe(403);
    expect(none.body.userMessageGlobalisationCode).toBe('error.msg.not.authorized.to.REQUEST_OTP');
  });

  it('needs the TFA header on MFA routes: missing 403, invalid 401; the OTP routes ignore a stale one', async () => {
    const user = await createBackOfficeUser(t, [backOffice, configRole]);
    const session = await login(t, user);
    const missing = await t.http.get('/v1/twofactor/configure').set('Authorization', bearer(session));
    expect(missing.status).toBe(403);
    expect(missing.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.required');
    const invalid = await t.http
      .get('/v1/twofactor/configure')
      .set('Authorization', bearer(session))
      .set(TFA_HEADER, 'c9ab5972e29f4575ab5e5413440772f6');
    expect(invalid.status).toBe(401);
    expect(invalid.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.token.invalid');
    const stale = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .set(TFA_HEADER, 'c9ab5972e29f4575ab5e5413440772f6')
      .send({ deliveryMethod: 'EMAIL' });
    expect(stale.status).toBe(200);
    // A token works only for the user who obtained it.
    const token = await otpTokenAfterSpacing(user, session);
    const other = await createBackOfficeUser(t, [backOffice, configRole]);
    const otherSession = await login(t, other);
    const foreign = await t.http
      .get('/v1/twofactor/configure')
      .set('Authorization', bearer(otherSession))
      .set(TFA_HEADER, token);
    expect(foreign.status).toBe(401);
  });

  async function otpTokenAfterSpacing(user: BackOfficeUser, session: string): Promise<string> {
    clock.advanceSeconds(31);
    return otpToken(user, session);
  }

  it('lets BYPASS_TWOFACTOR (only when granted explicitly) skip the second factor', async () => {
    const bypass = await createRole(t, ['BYPASS_TWOFACTOR', 'TWOFACTOR_CONFIG']);
    const user = await createBackOfficeUser(t, [bypass]);
    const auth = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
    expect(auth.body.isTwoFactorAuthenticationRequired).toBe(false);
    const res = await t.http.get('/v1/twofactor/configure').set('Authorization', bearer(auth.body.accessToken));
    expect(res.status).toBe(200);
    const allElse = await createRole(t, [
      'REQUEST_OTP',
      'REQUEST_TOKEN_MFA',
      'EXTENDED_TOKEN',
      'TWOFACTOR_CONFIG',
      'MANAGE_OTP_PROTECTED_OPERATION',
    ]);
    const plain = await createBackOfficeUser(t, [allElse]);
    const s2 = await login(t, plain);
    expect((await t.http.get('/v1/twofactor/configure').set('Authorization', bearer(s2))).status).toBe(403);
    expect(await auditOf(user.userId, 'twofactor.bypass.used')).toEqual([
      expect.objectContaining({ data: { route: 'GET /v1/twofactor/configure' } }),
    ]);
  });

  it('gives a 7-day token for extendedToken only with EXTENDED_TOKEN', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const refused = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', extendedToken: true });
    expect(refused.status).toBe(403);
    expect(refused.body.userMessageGlobalisationCode).toBe('error.msg.not.authorized.to.EXTENDED_TOKEN');

    const extendedRole = await createRole(t, ['REQUEST_OTP', 'REQUEST_TOKEN_MFA', 'EXTENDED_TOKEN']);
    const allowed = await createBackOfficeUser(t, [extendedRole]);
    const s2 = await login(t, allowed);
    await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(s2))
      .send({ deliveryMethod: 'EMAIL', extendedToken: true });
    const res = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(s2))
      .send({ deliveryMethod: 'EMAIL', token: lastCodeFor(allowed) });
    expect(res.status).toBe(200);
    expect(parseText(res.body.validTo) - parseText(res.body.validFrom)).toBe(7 * 86_400_000);
    clock.advanceSeconds(31);
    const normal = await otpToken(allowed, s2, false);
    const client = await t.createClient(['two-factor']);
    const info = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .send({ token: normal });
    expect(info.body).toMatchObject({ active: true, userId: allowed.userId, extended: false });
  });

  it('burns a code after five wrong tries; every wrong try counts toward the lockout', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    const code = lastCodeFor(user);
    const wrong = code === '222222' ? '333333' : '222222';
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post('/v1/twofactor/validate')
        .set('Authorization', bearer(session))
        .send({ deliveryMethod: 'EMAIL', token: wrong });
      expect(res.status).toBe(403);
      expect(res.body.errors[0].userMessageGlobalisationCode).toBe('error.msg.twofactor.otp.token.invalid');
    }
    const burned = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code });
    expect(burned.status).toBe(403);
    const attempts = await auditOf(user.userId, 'twofactor.otp.failed'); // one time (fake clock): any order
    expect(attempts.map((e) => e.data.attempt).sort()).toEqual([1, 2, 3, 4, 5, null]);
    expect(await auditOf(user.userId, 'twofactor.otp.burned')).toHaveLength(1);
    const requested = await auditOf(user.userId, 'twofactor.otp.requested');
    expect(requested[0]!.data).toEqual({
      deliveryMethod: 'EMAIL',
      target: `${user.username[0]}***@example.com`,
      extended: false,
      operation: null,
    });
    const everything = await t.http
      .get(`/admin/audit-events?userId=${user.userId}&size=100`)
      .set('Authorization', t.adminAuth());
    expect(JSON.stringify(everything.body)).not.toContain(code);

    // USER_MAX_FAILED_ATTEMPTS=7 in this suite: the 7th consecutive failure locks the user.
    clock.advanceSeconds(31);
    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    const locking = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: wrong });
    expect(locking.status).toBe(403);
    const after = await t.http.get('/v1/twofactor').set('Authorization', bearer(session));
    expect(after.status).toBe(401); // sessions ended with the lock
    const relogin = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
    expect(relogin.status).toBe(401);
  });

  it('rate-limits requests: 30 s spacing and 5 per hour, with Retry-After', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const send = () =>
      t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    expect((await send()).status).toBe(200);
    clock.advanceSeconds(10);
    const early = await send();
    expect(early.status).toBe(429);
    expect(early.headers['retry-after']).toBe('20');
    expect(early.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.otp.request.too.early');
    for (let i = 0; i < 4; i++) {
      clock.advanceSeconds(30);
      expect((await send()).status).toBe(200);
    }
    clock.advanceSeconds(30);
    const hourly = await send();
    expect(hourly.status).toBe(429);
    expect(hourly.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.otp.request.rate.limited');
    expect(Number(hourly.headers['retry-after'])).toBe(3600 - 10 - 5 * 30);
    expect(mailTo(user)).toHaveLength(5);
    // Only the latest code is valid.
    const codes = mailTo(user).map((m) => codeIn(m.text));
    const old = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: codes[0] });
    expect(old.status).toBe(codes[0] === codes[4] ? 200 : 403);
  });

  it('invalidates a token (always allowed) and introspects it for API clients only', async () => {
    const user = await createBackOfficeUser(t, [backOffice]);
    const session = await login(t, user);
    const token = await otpToken(user, session);
    const client = await t.createClient(['two-factor']);
    const introspect = () =>
      t.http
        .post('/v1/twofactor/introspect')
        .set('Authorization', t.basic(client.clientId, client.secret))
        .send({ token });
    const active = await introspect();
    expect(active.status).toBe(200);
    expect(active.body).toEqual({
      active: true,
      userId: user.userId,
      validFrom: expect.stringMatching(DATE_TEXT),
      validTo: expect.stringMatching(DATE_TEXT),
      extended: false,
    });
    const wrongScope = await t.createClient(['next-step']);
    const denied = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(wrongScope.clientId, wrongScope.secret))
      .send({ token });
    expect(denied.status).toBe(403);
    expect(denied.body.httpStatusCode).toBe('403');
    const asUser = await t.http.post('/v1/twofactor/introspect').set('Authorization', bearer(session)).send({ token });
    expect(asUser.status).toBe(401);

    const out = await t.http.post('/v1/twofactor/invalidate').set('Authorization', bearer(session)).send({ token });
    expect(out.status).toBe(200);
    expect((await introspect()).body).toEqual({ active: false });
    const twice = await t.http.post('/v1/twofactor/invalidate').set('Authorization', bearer(session)).send({ token });
    expect(twice.status).toBe(403);
    expect(twice.body.errors[0].userMessageGlobalisationCode).toBe('error.msg.twofactor.access.token.invalid');
    expect((await introspect()).body).toEqual({ active: false });
    const unknown = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .send({ token: 'ffffffffffffffffffffffffffffffff' });
    expect(unknown.body).toEqual({ active: false });
  });

  it('records where a token was issued (session, IP, user agent); audit rows carry request id and IP', async () => {
    const user = await createBackOfficeUser(t, [backOffice, configRole]);
    const session = await login(t, user);
    const request = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .set('X-Request-Id', 'req-otp-1')
      .send({ deliveryMethod: 'EMAIL' });
    expect(request.status).toBe(200);
    const validate = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .set('X-Request-Id', 'req-validate-1')
      .set('User-Agent', 'BackOffice/2.1 (audit test)')
      .send({ deliveryMethod: 'EMAIL', token: lastCodeFor(user) });
    expect(validate.status).toBe(200);
    const token = validate.body.token as string;

    const db = t.app.get(DataSource);
    const sessions = await db.getRepository('UserSession').findBy({ userId: user.userId });
    const rows = await db.getRepository('TwoFactorAccessToken').findBy({ userId: user.userId });
    expect(sessions).toHaveLength(1);
    expect(rows).toEqual([
      expect.objectContaining({
        sessionTokenHash: sessions[0]!.tokenHash,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        userAgent: 'BackOffice/2.1 (audit test)',
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const ip = expect.stringMatching(/127\.0\.0\.1|::1/);
    expect(await auditOf(user.userId, 'twofactor.otp.requested')).toEqual([
      expect.objectContaining({ requestId: 'req-otp-1', ip }),
    ]);
    expect(await auditOf(user.userId, 'twofactor.otp.verified')).toEqual([
      expect.objectContaining({ requestId: 'req-validate-1', ip, data: { deliveryMethod: 'EMAIL' } }),
    ]);
    expect(await auditOf(user.userId, 'twofactor.token.issued')).toEqual([
      expect.objectContaining({
        requestId: 'req-validate-1',
        ip,
        data: { extended: false, validTo: expect.any(String) },
      }),
    ]);

    // Accepted with any first-factor session of the same user (the token outlives its session), never another's.
    const later = await login(t, user);
    const use = await t.http.get('/v1/twofactor/configure').set('Authorization', bearer(later)).set(TFA_HEADER, token);
    expect(use.status).toBe(200);

    const client = await t.createClient(['two-factor']);
    const out = await t.http
      .post('/v1/twofactor/invalidate')
      .set('Authorization', bearer(later))
      .set('X-Request-Id', 'req-logout-1')
      .send({ token });
    expect(out.status).toBe(200);
    expect(await auditOf(user.userId, 'twofactor.token.revoked')).toEqual([
      expect.objectContaining({ requestId: 'req-logout-1', ip, data: { reason: 'INVALIDATED' } }),
    ]);
    const inactive = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .set('X-Request-Id', 'req-introspect-1')
      .send({ token });
    expect(inactive.body).toEqual({ active: false });
    expect(await auditOf(user.userId, 'twofactor.token.introspected-inactive')).toEqual([
      expect.objectContaining({ requestId: 'req-introspect-1', clientId: client.clientId, ip, data: {} }),
    ]);
  });

  it.each([
    [
      'password change',
      (t: TestApp, u: BackOfficeUser) =>
        t.http
          .put(`/admin/users/${u.userId}/password`)
          .set('Authorization', t.adminAuth())
          .send({ password: 'Another-Horse-43' }),
    ],
    [
      'block',
      (t: TestApp, u: BackOfficeUser) =>
        t.http.post(`/admin/users/${u.userId}/block`).set('Authorization', t.adminAuth()),
    ],
    [
      'role change',
      (t: TestApp, u: BackOfficeUser) =>
        t.http
          .put(`/admin/users/${u.userId}/roles`)
          .set('Authorization', t.adminAuth())
          .send({ roles: ['BACK_OFFICE'] }),
    ],
  ])('revokes every token of the user on %s', async (_name, change) => {
    const user = await createBackOfficeUser(t, [backOffice, configRole]);
    const session = await login(t, user);
    const token = await otpToken(user, session);
    const use = () =>
      t.http.get('/v1/twofactor/configure').set('Authorization', bearer(session)).set(TFA_HEADER, token);
    expect((await use()).status).toBe(200);
    expect([200, 204]).toContain((await change(t, user)).status);
    expect((await use()).status).toBe(401);
    const client = await t.createClient(['two-factor']);
    const info = await t.http
      .post('/v1/twofactor/introspect')
      .set('Authorization', t.basic(client.clientId, client.secret))
      .send({ token });
    expect(info.body).toEqual({ active: false });
  });

  it('manages roles: list, get, update (a permission change revokes holders), 409 while in use, delete', async () => {
    const admin = { Authorization: t.adminAuth() };
    const name = await createRole(t, ['REQUEST_OTP', 'REQUEST_TOKEN_MFA', 'TWOFACTOR_CONFIG']);
    const got = await t.http.get(`/admin/roles/${name}`).set(admin);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({
      name,
      description: expect.any(String),
      permissions: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA', 'TWOFACTOR_CONFIG'],
    });
    const list = await t.http.get('/admin/roles?size=100').set(admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        got.body,
        expect.objectContaining({ name: 'BACK_OFFICE', permissions: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA'] }),
      ]),
    );
    expect(list.body.total).toBe(list.body.items.length);

    const user = await createBackOfficeUser(t, [name]);
    const session = await login(t, user);
    const token = await otpToken(user, session);
    const use = (s: string, tfa: string) =>
      t.http.get('/v1/twofactor/configure').set('Authorization', bearer(s)).set(TFA_HEADER, tfa);
    expect((await use(session, token)).status).toBe(200);

    // A description change leaves the holders' tokens alone; a permission change revokes them.
    const described = await t.http.put(`/admin/roles/${name}`).set(admin).send({ description: 'Config clerks' });
    expect([described.status, described.body.description]).toEqual([200, 'Config clerks']);
    expect((await use(session, token)).status).toBe(200);
    const changed = await t.http
      .put(`/admin/roles/${name}`)
      .set(admin)
      .send({ permissions: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA', 'TWOFACTOR_CONFIG', 'EXTENDED_TOKEN'] });
    expect(changed.status).toBe(200);
    expect(changed.body.permissions).toEqual([
      'REQUEST_OTP',
      'REQUEST_TOKEN_MFA',
      'TWOFACTOR_CONFIG',
      'EXTENDED_TOKEN',
    ]);
    expect((await t.http.get('/v1/twofactor').set('Authorization', bearer(session))).status).toBe(401);
    const again = await login(t, user);
    expect((await use(again, token)).status).toBe(401);
    const auth = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
    expect(auth.body.permissions).toEqual(['REQUEST_OTP', 'REQUEST_TOKEN_MFA', 'TWOFACTOR_CONFIG', 'EXTENDED_TOKEN']);

    const inUse = await t.http.delete(`/admin/roles/${name}`).set(admin);
    expect(inUse.status).toBe(409);
    expect(JSON.stringify(inUse.body)).toContain('ROLE_IN_USE');
    expect((await t.http.get(`/admin/roles/${name}`).set(admin)).status).toBe(200);
    await t.http
      .put(`/admin/users/${user.userId}/roles`)
      .set(admin)
      .send({ roles: ['BACK_OFFICE'] });
    expect((await t.http.delete(`/admin/roles/${name}`).set(admin)).status).toBe(204);
    expect((await t.http.get(`/admin/roles/${name}`).set(admin)).status).toBe(404);
    expect((await t.http.put(`/admin/roles/${name}`).set(admin).send({ description: 'x' })).status).toBe(404);
    expect((await t.http.delete(`/admin/roles/${name}`).set(admin)).status).toBe(404);
  });

  it('configures the OTP: validated keys, stored, applied at once', async () => {
    const user = await createBackOfficeUser(t, [backOffice, configRole]);
    const session = await login(t, user);
    const token = await otpToken(user, session);
    const put = (body: object) =>
      t.http.put('/v1/twofactor/configure').set('Authorization', bearer(session)).set(TFA_HEADER, token).send(body);
    const bad = await put({
      'otp-token-length': 5,
      'otp-delivery-sms-text': 'no code here',
      'otp-colour': 'red',
      'otp-delivery-email-enable': 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.userMessageGlobalisationCode).toBe('validation.msg.validation.errors.exist');
    expect(bad.body.errors.map((e: { parameterName: string }) => e.parameterName).sort()).toEqual([
      'otp-colour',
      'otp-delivery-email-enable',
      'otp-delivery-sms-text',
      'otp-token-length',
    ]);
    const longSubject = await put({ 'otp-delivery-email-subject': 'x'.repeat(256) });
    expect([longSubject.status, longSubject.body.errors?.[0]?.parameterName]).toEqual([
      400,
      'otp-delivery-email-subject',
    ]);
    // An unknown key is the upstream's unsupported parameter, as in every other /v1 body.
    expect(bad.body.errors.find((e: { parameterName: string }) => e.parameterName === 'otp-colour')).toMatchObject({
      userMessageGlobalisationCode: 'error.msg.parameter.unsupported',
      defaultUserMessage: 'The parameter otp-colour is not supported.',
    });
    const ok = await put({
      'otp-token-length': 8,
      'otp-delivery-email-body': 'Code for {{firstname}}: the token is {{token}}.',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      changes: { 'otp-token-length': 8, 'otp-delivery-email-body': 'Code for {{firstname}}: the token is {{token}}.' },
    });
    clock.advanceSeconds(31);
    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    expect(mailTo(user).at(-1)!.text).toMatch(/^Code for Jana: the token is [0-9A-Z]{8}\.$/);
    const restored = await put({
      'otp-token-length': 6,
      'otp-delivery-email-body': 'Hello {{username}}.\nYour OTP login token is {{token}}.',
    });
    expect(restored.status).toBe(200);

    // The code never goes into the subject (kept in the outbox row in plain text), in any spelling
    // the template engine fills.
    for (const subject of ['Code {{token}}', 'Code {{ token }}', '{{\ttoken }} for {{username}}']) {
      const res = await put({ 'otp-delivery-email-subject': subject });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          parameterName: 'otp-delivery-email-subject',
          userMessageGlobalisationCode: 'validation.msg.twofactor.otp-delivery-email-subject.must.not.contain.token',
        }),
      ]);
    }
    expect((await put({ 'otp-delivery-email-subject': 'Code for {{username}}' })).status).toBe(200);
    expect((await put({ 'otp-delivery-email-body': 'Your code: {{ token }}.' })).status).toBe(200); // filled, so allowed

    // The alphabet: upper-case letters and digits, each once, at least 10.
    const alphabets: Array<[string, string]> = [
      ['ABCDEFGHJ', 'is.too.short'],
      ['abcdefghjkmn', 'is.invalid'],
      ['ABCDEFGHJK-', 'is.invalid'],
      ['ABCDEFGHJKA', 'has.duplicate.characters'],
    ];
    for (const [alphabet, suffix] of alphabets) {
      const res = await put({ 'otp-token-alphabet': alphabet });
      expect([alphabet, res.status, res.body.errors]).toEqual([
        alphabet,
        400,
        [
          expect.objectContaining({
            userMessageGlobalisationCode: `validation.msg.twofactor.otp-token-alphabet.${suffix}`,
          }),
        ],
      ]);
    }
    expect(
      (await t.http.get('/v1/twofactor/configure').set('Authorization', bearer(session)).set(TFA_HEADER, token)).body,
    ).toMatchObject({
      'otp-token-alphabet': '23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
    });
    expect((await put({ 'otp-token-alphabet': '0123456789' })).status).toBe(200);
    clock.advanceSeconds(31);
    await t.http.post('/v1/twofactor').set('Authorization', bearer(session)).send({ deliveryMethod: 'EMAIL' });
    const digits = mailTo(user).at(-1)!;
    expect(digits.subject).toBe(`Code for ${user.username}`);
    expect(digits.text).toMatch(/^Your code: [0-9]{6}\.$/);
    const byDigits = await t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: /([0-9]{6})/.exec(digits.text)![1] });
    expect(byDigits.status).toBe(200);
    const defaults = await put({
      'otp-token-alphabet': '23456789ABCDEFGHJKLMNPQRSTUVWXYZ',
      'otp-delivery-email-subject': 'stepwise two-factor authentication token',
      'otp-delivery-email-body': 'Hello {{username}}.\nYour OTP login token is {{token}}.',
    });
    expect(defaults.status).toBe(200);
    expect(await auditOf(user.userId, 'twofactor.config.changed')).toContainEqual(
      expect.objectContaining({ data: { keys: 'otp-token-alphabet' } }),
    );
  });
});
