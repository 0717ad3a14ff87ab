import { DataSource } from 'typeorm';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { SEED_USER, seedContext, seedFormData } from './support/data-adapter-seed';
import { NextStepClient, methods } from './support/next-step-client';

/** Issue 11 §1–§5: what an operation is confirmed for cannot be changed or blurred by its inputs. */
describe('SCA integrity', () => {
  let t: TestApp;
  let ns: NextStepClient;
  let n = 0;
  const opId = () => `sca-${++n}`;
  const code = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.responseObject?.code });
  const historyUsers = async (operationId: string) =>
    (
      await t.app
        .get(DataSource)
        .query('SELECT userId FROM ns_operation_history WHERE operationId = ? ORDER BY resultId', [operationId])
    ).map((r: { userId: string | null }) => r.userId);

  let da: string;
  const AES_KEY = 'Qee4CK44d8GduTxoHU7JPM2lCs+KF63akIpKyaLk9+c=';
  const daPost = (path: string, requestObject: unknown) =>
    t.http.post(`/data-adapter/api${path}`).set('Authorization', da).send({ requestObject });
  const smsCreate = (context: unknown) =>
    daPost('/auth/sms/create', {
      userId: SEED_USER.userId,
      organizationId: 'RETAIL',
      accountStatus: 'ACTIVE',
      operationContext: context,
      lang: 'en',
    });
  const afs = (context: unknown) =>
    daPost('/afs/action/execute', {
      userId: SEED_USER.userId,
      organizationId: 'RETAIL',
      operationContext: context,
      afsRequestParameters: { afsType: 'THREAT_MARK', afsAction: 'APPROVAL_INIT', stepIndex: 1, authInstruments: [] },
      extras: {},
    });
  const payment = (parameters: Array<Record<string, unknown>>, operationData = 'A1*A100CZK*Q238400856/0300') => ({
    operationName: 'authorize_payment',
    operationId: opId(),
    operationData,
    formData: { title: { id: 'operation.title', message: 'Pay' }, parameters },
  });
  const amount = (value: unknown, currency = 'CZK') => ({
    type: 'AMOUNT',
    id: 'operation.amount',
    amount: value,
    currency,
  });
  const account = (value: string, id = 'operation.account') => ({
    type: 'KEY_VALUE',
    id,
    valueFormatType: 'ACCOUNT',
    value,
  });
  const invalid = (res: { status: number; body: any }) => ({
    status: res.status,
    code: res.body.responseObject?.code,
    field: res.body.responseObject?.field,
  });

  beforeAll(async () => {
    t = await startApiServer({ env: { PASSWORD_ENCRYPTION_KEY: AES_KEY } });
    ns = await NextStepClient.create(t);
    const client = await t.createClient(['data-adapter']);
    da = t.basic(client.clientId, client.secret);
  });
  afterAll(() => t.close());

  describe('§1 the user of an operation', () => {
    it('cannot change once set: the step naming another user is refused and nothing changes', async () => {
      const operationId = opId();
      await ns.create({ operationName: 'authorize_payment', operationId });
      const password = await ns.update(operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: 'alice' });
      expect(methods(password.body.responseObject.steps)).toEqual(['SMS_KEY']);
      const sms = await ns.update(operationId, 'SMS_KEY', 'CONFIRMED', { userId: 'mallory' });
      expect(code(sms)).toEqual({ status: 400, code: 'OPERATION_NOT_VALID' });
      const detail = await ns.detail(operationId);
      expect(detail).toMatchObject({ userId: 'alice', result: 'CONTINUE' });
      expect(detail.history).toHaveLength(2);
      // the same user, or no user named, goes on
      expect((await ns.update(operationId, 'SMS_KEY', 'CONFIRMED', { userId: 'alice' })).status).toBe(200);
      expect(code(await ns.update(operationId, 'CONSENT', 'CONFIRMED', { userId: 'bob' }))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_VALID',
      });
      const done = await ns.update(operationId, 'CONSENT', 'CONFIRMED');
      expect(done.body.responseObject).toMatchObject({ result: 'DONE', userId: 'alice' });
      expect(await historyUsers(operationId)).toEqual([null, 'alice', 'alice', 'alice']);
    });

    it('a cancel naming another user is refused too', async () => {
      const operationId = opId();
      await ns.create({ operationName: 'login', operationId });
      await ns.update(operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: 'alice' });
      expect(code(await ns.update(operationId, 'CONSENT', 'CANCELED', { userId: 'bob' }))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_VALID',
      });
      expect((await ns.detail(operationId)).result).toBe('CONTINUE');
    });

    it('may change only through an explicit USER_ID_ASSIGN step, which each history row records', async () => {
      const operationId = opId();
      await ns.create({ operationName: 'login', operationId });
      const failed = await ns.update(operationId, 'USER_ID_ASSIGN', 'AUTH_FAILED', { userId: 'alice' });
      expect(methods(failed.body.responseObject.steps)).toEqual(['USER_ID_ASSIGN']);
      const assigned = await ns.update(operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: 'bob' });
      expect(assigned.body.responseObject).toMatchObject({ result: 'CONTINUE', userId: 'bob' });
      expect(await historyUsers(operationId)).toEqual([null, 'alice', 'bob']);
    });
  });

  describe('§2 currency and accounts shown to the user', () => {
    const misleading = '1/2 (REFUND to you - this is NOT a payment). Your code';

    it('Next Step refuses a currency that is not ISO 4217 and an account outside the account charset', async () => {
      const badCurrency = await ns.post('/operation', payment([amount(100, 'C'.repeat(3000))], ''));
      expect(invalid(badCurrency)).toMatchObject({ status: 400, field: 'formData.parameters.0.currency' });
      const badAccount = await ns.post('/operation', payment([amount(100), account(misleading)], ''));
      expect(invalid(badAccount)).toMatchObject({ status: 400, field: 'formData.parameters.1.value' });
      for (const value of ['238400856/0300\n', '1'.repeat(65), 'CZ65\u00000800']) {
        expect((await ns.post('/operation', payment([account(value)], ''))).status).toBe(400);
      }
      expect(
        (await ns.post('/operation', payment([amount(100), account('CZ65 0800 0000 1920 0014 5399')], ''))).status,
      ).toBe(200);
    });

    it('the Data Adapter refuses them before an SMS is written', async () => {
      for (const context of [
        seedContext('da-currency', {}, { currency: 'C'.repeat(3000) }),
        seedContext('da-account', {}, { account: misleading }),
      ]) {
        const res = await smsCreate(context);
        expect(res.status).toBe(400);
        expect(res.body.responseObject.code).toBe('INPUT_INVALID');
      }
    });
  });

  describe('§3 amounts', () => {
    it('refuses exponent-sized, over-long and negative amounts', async () => {
      for (const value of [1e308, 1e300, 1e30, '1e5', '1000000000000000000000', -100, 0, '100.001']) {
        const res = await ns.post('/operation', payment([amount(value)], ''));
        expect({ value, ...invalid(res) }).toMatchObject({ value, status: 400, field: 'formData.parameters.0.amount' });
      }
      expect((await ns.post('/operation', payment([amount('999999999999999999.99')], ''))).status).toBe(200);
      expect((await ns.post('/operation', payment([amount('1.125', 'KWD')], ''))).status).toBe(200);
    });

    it('the Data Adapter refuses them too (codes for 1e30 and 1e300 never share a binding)', async () => {
      for (const value of [1e300, 1e30, -1]) {
        const res = await smsCreate(seedContext(`da-amount-${String(value)}`, {}, { amount: value }));
        expect(res.status).toBe(400);
      }
    });
  });

  describe('§4 agreement with the operation data', () => {
    it('checks every ACCOUNT parameter, not only the first', async () => {
      const decoy = payment([amount(100), account('238400856/0300', 'operation.decoy'), account('999999/0100')]);
      const res = await ns.post('/operation', decoy);
      expect(res.status).toBe(400);
      expect(res.body.responseObject.code).toBe('INVALID_OPERATION_DATA');
      const decoyAfter = payment([amount(100), account('238400856/0300'), account('999999/0100', 'operation.decoy')]);
      expect((await ns.post('/operation', decoyAfter)).status).toBe(400);
      expect((await ns.post('/operation', payment([amount(100), account('238400856/0300')]))).status).toBe(200);
    });
  });

  describe('§5 anti-fraud step-down', () => {
    const withAmounts = (parameters: unknown[]) => {
      const context = seedContext(`afs-${++n}`);
      return { ...context, formData: { ...seedFormData(), parameters } };
    };

    it('steps down for exactly one positive AMOUNT', async () => {
      const res = await afs(withAmounts([amount(100)]));
      expect(res.body.responseObject).toMatchObject({ afsLabel: '1FA' });
    });

    it('does not step down for two AMOUNT parameters or a negative one', async () => {
      const two = await afs(withAmounts([amount(1), { ...amount(900000), id: 'operation.amount2' }]));
      expect(two.status).toBe(200);
      expect(two.body.responseObject).toMatchObject({ afsResponseApplied: false, afsLabel: '2FA' });
      const negative = await afs(withAmounts([amount(-900000)]));
      expect(negative.body.responseObject.afsLabel).not.toBe('1FA');
    });
  });

  describe('§6 password answers do not tell known from unknown users', () => {
    const authenticate = (userId: string, password: string, extra: Record<string, unknown> = {}) =>
      daPost('/auth/user/authenticate', {
        userId,
        organizationId: 'RETAIL',
        password,
        authenticationContext: { passwordProtection: 'NO_PROTECTION', cipherTransformation: '' },
        operationContext: seedContext('enum-op'),
        ...extra,
      });
    const createUser = async (userId: string) => {
      const res = await t.http
        .post('/admin/users')
        .set('Authorization', t.adminAuth())
        .send({
          userId,
          username: `u${userId}`,
          password: 'correct-password',
          givenName: 'Jo',
          familyName: 'Doe',
          organizationId: 'RETAIL',
          phoneNumber: '+420777000111',
          email: null,
          language: 'en',
        });
      expect(res.status).toBe(201);
    };

    it('counts down and locks an unknown user exactly like a known one', async () => {
      await createUser('enum0001');
      const answers = async (userId: string) => {
        const seen = [];
        for (let i = 0; i < 6; i++) seen.push((await authenticate(userId, 'wrong-password')).body.responseObject);
        return seen;
      };
      const known = await answers('enum0001');
      const unknown = await answers('enum9999');
      expect(known.map((a) => a.remainingAttempts)).toEqual([4, 3, 2, 1, 0, 0]);
      expect(unknown).toEqual(known);
    });

    it('a known user under another organization answers like an unknown user', async () => {
      await createUser('enum0002');
      const wrongOrg = await authenticate('enum0002', 'wrong-password', { organizationId: 'OTHER' });
      const unknown = await authenticate('enum8888', 'wrong-password', { organizationId: 'OTHER' });
      expect(wrongOrg.body.responseObject).toEqual(unknown.body.responseObject);
      expect(wrongOrg.body.responseObject).toMatchObject({ accountStatus: 'ACTIVE', remainingAttempts: 4 });
      // and the right organization's count was not touched
      const right = await authenticate('enum0002', 'wrong-password');
      expect(right.body.responseObject.remainingAttempts).toBe(4);
    });

    it('an undecryptable AES password answers the same for known and unknown users', async () => {
      await createUser('enum0003');
      const aes = {
        authenticationContext: {
          passwordProtection: 'PASSWORD_ENCRYPTION_AES',
          cipherTransformation: 'AES/CBC/PKCS7Padding',
        },
      };
      const garbage = 'uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==';
      const known = await authenticate('enum0003', garbage, aes);
      const unknown = await authenticate('enum7777', garbage, aes);
      expect(known.body.responseObject).toEqual(unknown.body.responseObject);
      expect(known.body.responseObject).toMatchObject({ authenticationResult: 'FAILED', accountStatus: 'ACTIVE' });
    });
  });
});
