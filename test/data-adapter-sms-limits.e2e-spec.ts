import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SmsGatewaySink, TestApp, refuseInserts } from '@app/testing';
import { startApiServer } from './support/api-server';
import { seedContext } from './support/data-adapter-seed';

const PASSWORD = 's3cret-password';

/**
 * The rules issue 7 added to the Data Adapter's SMS codes: failures count per user across the
 * password and the codes (the 5th consecutive one locks), rate limits per user and per phone,
 * the same answers for unknown users, and a code never lives without its message.
 */
describe('Data Adapter SMS authorization: per-user failures, rate limits, consistency', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let auth: string;
  let db: DataSource;
  let count = 0;

  const post = (path: string, requestObject: unknown) =>
    t.http.post(`/data-adapter/api${path}`).set('Authorization', auth).send({ requestObject });
  const newOperationId = () => `op-limits-${++count}`;
  const createUser = async (phone = `+4207773${String(++count).padStart(5, '0')}`) => {
    const userId = `u${++count}`;
    const res = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        userId,
        username: `limits${count}`,
        password: PASSWORD,
        givenName: 'Jan',
        familyName: 'Novák',
        organizationId: 'RETAIL',
        phoneNumber: phone,
        language: 'en',
      });
    expect(res.status).toBe(201);
    return { userId, phone };
  };
  const create = (userId: string, context: unknown) =>
    post('/auth/sms/create', {
      userId,
      organizationId: 'RETAIL',
      accountStatus: 'ACTIVE',
      operationContext: context,
      lang: 'en',
    });
  const verify = (userId: string, messageId: string, authorizationCode: string, context: unknown) =>
    post('/auth/sms/verify', {
      userId,
      organizationId: 'RETAIL',
      accountStatus: 'ACTIVE',
      messageId,
      authorizationCode,
      operationContext: context,
    });
  const authenticate = (userId: string, password: string) =>
    post('/auth/user/authenticate', {
      userId,
      organizationId: 'RETAIL',
      password,
      authenticationContext: { passwordProtection: 'NO_PROTECTION', cipherTransformation: '' },
      operationContext: seedContext('auth-op'),
    });
  const issue = async (userId: string, context: unknown) => {
    const res = await create(userId, context);
    expect(res.body.responseObject).toMatchObject({ smsDeliveryResult: 'SUCCEEDED' });
    const messageId = res.body.responseObject.messageId as string;
    const text = sms.messages.at(-1)!.text;
    return { messageId, code: text.match(/(\d{8})\.$/)![1] };
  };
  const wrong = (code: string) => String((Number(code) + 1) % 100_000_000).padStart(8, '0');

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    t = await startApiServer({ env: { SMS_GATEWAY_URL: sms.url } });
    const client = await t.createClient(['data-adapter']);
    auth = t.basic(client.clientId, client.secret);
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  it('locks the user at the 5th consecutive failure across password and SMS codes', async () => {
    const { userId } = await createUser();
    const context = seedContext(newOperationId());
    const { messageId, code } = await issue(userId, context);
    expect((await authenticate(userId, 'wrong')).body.responseObject).toMatchObject({ remainingAttempts: 4 });
    expect((await verify(userId, messageId, wrong(code), context)).body.responseObject).toMatchObject({
      errorMessage: 'smsAuthorization.failed',
      remainingAttempts: 4, // the code's own tries
    });
    expect((await authenticate(userId, 'wrong')).body.responseObject).toMatchObject({ remainingAttempts: 2 });
    expect((await verify(userId, messageId, wrong(code), context)).body.responseObject.errorMessage).toBe(
      'smsAuthorization.failed',
    );
    expect((await authenticate(userId, 'wrong')).body.responseObject).toMatchObject({
      errorMessage: 'login.authenticationBlocked',
      remainingAttempts: 0,
    });
    // locked: neither the right code nor the right password passes
    expect((await verify(userId, messageId, code, context)).body.responseObject).toEqual({
      smsAuthorizationResult: 'FAILED',
      errorMessage: 'login.authenticationBlocked',
      remainingAttempts: 0,
      showRemainingAttempts: false,
    });
    expect((await authenticate(userId, PASSWORD)).body.responseObject.errorMessage).toBe('login.authenticationBlocked');
    t.clock.advanceSeconds(900);
    expect((await verify(userId, messageId, code, seedContext(context.id))).body.responseObject.errorMessage).toBe(
      'smsAuthorization.expired',
    );
    expect((await authenticate(userId, PASSWORD)).body.responseObject.authenticationResult).toBe('SUCCEEDED');
  });

  it('locks the user after 5 wrong SMS codes across operations (no more 20 uncounted per step)', async () => {
    const { userId } = await createUser();
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      const context = seedContext(newOperationId());
      const { messageId, code } = await issue(userId, context);
      answers.push((await verify(userId, messageId, wrong(code), context)).body.responseObject.errorMessage);
    }
    expect(answers).toEqual(Array(5).fill('smsAuthorization.failed'));
    const context = seedContext(newOperationId());
    const { messageId, code } = await issue(userId, context);
    expect((await verify(userId, messageId, code, context)).body.responseObject.errorMessage).toBe(
      'login.authenticationBlocked',
    );
  });

  it('counts one failure per SMS + password attempt, and resets only when both passed', async () => {
    const { userId } = await createUser();
    const context = seedContext(newOperationId());
    const { messageId, code } = await issue(userId, context);
    const both = (authorizationCode: string, password: string) =>
      post('/auth/sms/password/verify', {
        userId,
        organizationId: 'RETAIL',
        accountStatus: 'ACTIVE',
        password,
        authenticationContext: { passwordProtection: 'NO_PROTECTION', cipherTransformation: '' },
        messageId,
        authorizationCode,
        operationContext: context,
      });
    expect((await both(wrong(code), 'wrong')).body.responseObject).toMatchObject({ remainingAttempts: 4 });
    expect((await both(wrong(code), PASSWORD)).body.responseObject).toMatchObject({
      smsAuthorizationResult: 'FAILED',
      userAuthenticationResult: 'SUCCEEDED',
    });
    expect((await authenticate(userId, 'wrong')).body.responseObject).toMatchObject({ remainingAttempts: 2 });
    expect((await both(code, PASSWORD)).body.responseObject).toMatchObject({ errorMessage: null });
    expect((await authenticate(userId, 'wrong')).body.responseObject).toMatchObject({ remainingAttempts: 4 });
  });

  it('sends at most 10 codes an hour to one phone, however many operations ask (sliding window)', async () => {
    const phone = '+420777555555';
    const users = [await createUser(phone), await createUser(phone)];
    const before = sms.messages.filter((m) => m.to === phone).length;
    const answers = [];
    for (let i = 0; i < 25; i++) {
      answers.push((await create(users[i % 2].userId, seedContext(newOperationId()))).body.responseObject);
    }
    expect(sms.messages.filter((m) => m.to === phone).length - before).toBe(10);
    expect(answers.slice(10)).toEqual(
      Array(15).fill({
        messageId: expect.any(String),
        smsDeliveryResult: 'FAILED',
        errorMessage: 'smsAuthorization.deliveryFailed',
      }),
    );
    t.clock.advanceSeconds(3600);
    expect((await create(users[0].userId, seedContext(newOperationId()))).body.responseObject.smsDeliveryResult).toBe(
      'SUCCEEDED',
    );
  });

  it('sends at most 10 codes an hour to one user', async () => {
    const { userId } = await createUser();
    for (let i = 0; i < 10; i++) await issue(userId, seedContext(newOperationId()));
    expect((await create(userId, seedContext(newOperationId()))).body.responseObject.smsDeliveryResult).toBe('FAILED');
  });

  it('answers an unknown user exactly as a real one: a second create within 60 s fails for both', async () => {
    const { userId } = await createUser();
    for (const id of [userId, 'nobody-known']) {
      const context = seedContext(newOperationId());
      const sent = sms.messages.length;
      const first = (await create(id, context)).body.responseObject;
      const early = (await create(id, context)).body.responseObject;
      expect([first.smsDeliveryResult, early.smsDeliveryResult, early.errorMessage]).toEqual([
        'SUCCEEDED',
        'FAILED',
        'smsAuthorization.deliveryFailed',
      ]);
      expect(sms.messages.length - sent).toBe(id === userId ? 1 : 0);
      t.clock.advanceSeconds(60);
      expect((await create(id, context)).body.responseObject.smsDeliveryResult).toBe('SUCCEEDED');
      const wrongAnswer = (await verify(id, first.messageId, '00000000', context)).body.responseObject;
      expect(wrongAnswer.errorMessage).toBe('smsAuthorization.expired'); // replaced by the resend, for both
    }
  });

  it('leaves one live code and one SMS when 20 creates of a new operation race', async () => {
    const { userId, phone } = await createUser();
    const context = seedContext(newOperationId());
    const sent = sms.messages.filter((m) => m.to === phone).length;
    const answers = await Promise.all(Array.from({ length: 20 }, () => create(userId, context)));
    const results = answers.map((a) => a.body.responseObject.smsDeliveryResult);
    expect(results.filter((r) => r === 'SUCCEEDED')).toHaveLength(1);
    expect(sms.messages.filter((m) => m.to === phone).length - sent).toBe(1);
    const live = await db.query("SELECT COUNT(*) AS n FROM challenge WHERE userId = ? AND status = 'ACTIVE'", [userId]);
    expect(Number(live[0].n)).toBe(1);
  });

  it('issues no code when its message cannot be queued, so the retry is a first create (issue 14)', async () => {
    const { userId, phone } = await createUser();
    const context = seedContext(newOperationId());
    const restore = await refuseInserts(db, 'outbox_message', 'disk full');
    try {
      expect((await create(userId, context)).status).toBe(500);
    } finally {
      await restore();
    }
    // every code row has its message
    const orphans = await db.query(
      'SELECT c.challengeId FROM challenge c LEFT JOIN outbox_message o ON o.messageId = c.messageId WHERE c.userId = ? AND o.messageId IS NULL',
      [userId],
    );
    expect(orphans).toEqual([]);
    const retry = await create(userId, context);
    expect(retry.body.responseObject.smsDeliveryResult).toBe('SUCCEEDED');
    expect(sms.messages.at(-1)!.to).toBe(phone);
  });
});
