import { AfsService } from '@app/afs';
import { ConsentService } from '@app/consent';
import { OperationNotificationsService } from '@app/data-adapter';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import {
  CHOSEN_ACCOUNT,
  SEED_CONSENT_HTML,
  SEED_CONSENT_OPTIONS,
  SEED_USER,
  SEED_USER_DETAIL,
  seedContext,
  seedFormData,
} from './support/data-adapter-seed';

/** Data Adapter API: the seed's request/response pairs and spec §9.2 (except SMS, see data-adapter-sms). */
describe('Data Adapter API', () => {
  let t: TestApp;
  let auth: string;
  const PASSWORD = 's3cret-password';
  const AES_KEY = 'Qee4CK44d8GduTxoHU7JPM2lCs+KF63akIpKyaLk9+c=';

  const post = (path: string, requestObject: unknown) =>
    t.http.post(`/data-adapter/api${path}`).set('Authorization', auth).send({ requestObject });
  const admin = (method: 'post' | 'put' | 'get' | 'delete', path: string) =>
    t.http[method](path).set('Authorization', t.adminAuth());

  beforeAll(async () => {
    t = await startApiServer({ env: { PASSWORD_ENCRYPTION_KEY: AES_KEY } });
    const client = await t.createClient(['data-adapter']);
    auth = t.basic(client.clientId, client.secret);
    const created = await admin('post', '/admin/users').send({
      ...SEED_USER,
      password: PASSWORD,
      givenName: 'John',
      familyName: 'Doe',
      phoneNumber: '+420777123456',
      email: 'john.doe@example.com',
      language: 'en',
    });
    expect(created.status).toBe(201);
    expect(created.body.userId).toBe(SEED_USER.userId);
    const accounts = [
      ['CZ4012340000000012345678', '12345678/1234', 'Běžný účet v CZK', '24394.52', 'CZK', true, null],
      ['CZ4043210000000087654321', '87654321/4321', 'Spořící účet v CZK', '158121.10', 'CZK', true, null],
      ['CZ4011110000000044444444', '44444444/1111', 'Spořící účet v EUR', '1.90', 'EUR', false, 'Low account balance'],
    ] as const;
    for (const [accountId, accountNumber, accountName, balance, currency, usableForPayment, reason] of accounts) {
      const res = await admin('post', `/admin/users/${SEED_USER.userId}/accounts`).send({
        accountId,
        accountNumber,
        accountName,
        balance,
        currency,
        usableForPayment,
        unusableForPaymentReason: reason,
      });
      expect(res.status).toBe(201);
      t.clock.advanceSeconds(1); // accounts are listed in the order they were added
    }
  });
  afterAll(() => t.close());

  describe('service status', () => {
    it('answers without credentials (spec §9.2 #1)', async () => {
      t.clock.set('2019-06-21T13:05:49.740Z');
      const res = await t.http.get('/data-adapter/api/service/status');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: {
          applicationName: 'powerauth-data-adapter',
          applicationDisplayName: 'PowerAuth Data Adapter',
          applicationEnvironment: '',
          version: expect.any(String),
          buildTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
          timestamp: '2019-06-21T13:05:49.740+0000',
        },
      });
    });

    it('requires the data-adapter scope everywhere else, in the DA error format', async () => {
      const none = await t.http.post('/data-adapter/api/auth/user/lookup').send({ requestObject: {} });
      expect(none.status).toBe(401);
      expect(none.body).toEqual({
        status: 'ERROR',
        responseObject: {
          code: 'ERROR_GENERIC',
          message: 'error.unauthorized',
          validationErrors: null,
          remainingAttempts: null,
          errorId: expect.any(String),
        },
      });
      const other = await t.createClient(['next-step']);
      const wrong = await t.http
        .post('/data-adapter/api/auth/user/lookup')
        .set('Authorization', t.basic(other.clientId, other.secret))
        .send({ requestObject: {} });
      expect(wrong.status).toBe(403);
    });
  });

  describe('user lookup', () => {
    it('replays the seed: user account exists (#4)', async () => {
      const res = await post('/auth/user/lookup', {
        username: 'user1234',
        organizationId: 'RETAIL',
        operationContext: seedContext('7662c638-9dc9-484c-a119-145b3685e623'),
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK', responseObject: SEED_USER_DETAIL });
    });

    it('replays the seed: invalid input (#2)', async () => {
      const res = await post('/auth/user/lookup', {
        username: '',
        organizationId: 'RETAIL',
        operationContext: seedContext('7662c638-9dc9-484c-a119-145b3685e623'),
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'ERROR',
        responseObject: {
          code: 'INPUT_INVALID',
          message: 'login.username.empty',
          validationErrors: [
            'login.username.empty.objectRequest.requestObject.username',
            'login.username.empty.requestObject.username',
            'login.username.empty.username',
            'login.username.empty.java.lang.String',
            'login.username.empty',
          ],
          remainingAttempts: null,
          errorId: expect.any(String),
        },
      });
    });

    it('rejects a too long username (0.24 limit: 40) and a missing context with 400 (#3)', async () => {
      const long = await post('/auth/user/lookup', {
        username: 'u'.repeat(41),
        organizationId: 'RETAIL',
        operationContext: seedContext('x'),
      });
      expect(long.status).toBe(400);
      expect(long.body.responseObject.message).toBe('login.username.long');
      const forty = await post('/auth/user/lookup', {
        username: 'u'.repeat(40),
        organizationId: 'RETAIL',
        operationContext: seedContext('x'),
      });
      expect(forty.status).toBe(200);
      const missing = await post('/auth/user/lookup', { username: 'user1234', organizationId: 'RETAIL' });
      expect(missing.status).toBe(400);
      expect(missing.body.responseObject.message).toBe('login.authenticationFailed');
      expect(missing.body.responseObject.validationErrors[0]).toBe(
        'operationContext.missing.objectRequest.requestObject.operationContext',
      );
    });

    it('replays the seed: the account exists but is not active', async () => {
      const created = await admin('post', '/admin/users').send({
        userId: '12345679',
        username: 'blocked1',
        password: PASSWORD,
        givenName: 'John',
        familyName: 'Doe',
        organizationId: 'RETAIL',
        language: 'en',
      });
      expect(created.status).toBe(201);
      expect((await admin('post', '/admin/users/12345679/block').send({})).status).toBeLessThan(300);
      const res = await post('/auth/user/lookup', {
        username: 'blocked1',
        organizationId: 'RETAIL',
        operationContext: seedContext('7662c638-9dc9-484c-a119-145b3685e623'),
      });
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: { ...SEED_USER_DETAIL, id: '12345679', accountStatus: 'NOT_ACTIVE' },
      });
    });

    it('answers an unknown username with a null id (no enumeration)', async () => {
      const res = await post('/auth/user/lookup', {
        username: 'nobody',
        organizationId: 'RETAIL',
        operationContext: seedContext('x'),
      });
      expect(res.status).toBe(200);
      expect(res.body.responseObject).toEqual({
        id: null,
        givenName: null,
        familyName: null,
        organizationId: null,
        accountStatus: 'NOT_ACTIVE',
      });
    });

    it('never answers bad input with a 500', async () => {
      for (const body of [
        { requestObject: { username: 12, organizationId: 'RETAIL', operationContext: seedContext('x') } },
        { requestObject: { username: 'a', organizationId: 'RETAIL', operationContext: 'ctx' } },
        { requestObject: null },
        {},
        [],
      ]) {
        const res = await t.http.post('/data-adapter/api/auth/user/lookup').set('Authorization', auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body.responseObject.code).toBe('INPUT_INVALID');
      }
      const malformed = await t.http
        .post('/data-adapter/api/auth/user/lookup')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"requestObject":');
      expect(malformed.status).toBe(400);
      expect(malformed.body.responseObject).toEqual({
        code: 'INPUT_INVALID',
        message: 'error.invalidRequest',
        validationErrors: null,
        remainingAttempts: null,
        errorId: expect.any(String),
      });
    });
  });

  describe('user authentication', () => {
    const authenticate = (password: unknown, protection = 'NO_PROTECTION', extra: Record<string, unknown> = {}) =>
      post('/auth/user/authenticate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        password,
        authenticationContext: {
          passwordProtection: protection,
          cipherTransformation: protection === 'NO_PROTECTION' ? '' : 'AES/CBC/PKCS7Padding',
          smsAuthorizationResult: null,
        },
        operationContext: seedContext('447fbd89-6f46-46da-a573-ade4f3409c94'),
        ...extra,
      });

    it('replays the seed: authentication succeeded (#5)', async () => {
      const res = await authenticate(PASSWORD);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: {
          authenticationResult: 'SUCCEEDED',
          userDetail: SEED_USER_DETAIL,
          errorMessage: null,
          remainingAttempts: null,
          showRemainingAttempts: false,
          accountStatus: 'ACTIVE',
        },
      });
    });

    it('replays the seed: authentication failed (the seed password s3cret is not this user’s)', async () => {
      const res = await authenticate('s3cret');
      expect(res.status).toBe(200);
      expect(res.body.responseObject).toEqual({
        authenticationResult: 'FAILED',
        userDetail: null,
        errorMessage: 'login.authenticationFailed',
        remainingAttempts: 4,
        showRemainingAttempts: true,
        accountStatus: 'ACTIVE',
      });
      expect((await authenticate(PASSWORD)).body.responseObject.authenticationResult).toBe('SUCCEEDED');
    });

    it('replays the seed: input validation errors (#6)', async () => {
      const res = await authenticate('');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'ERROR',
        responseObject: {
          code: 'INPUT_INVALID',
          message: 'login.password.empty',
          validationErrors: [
            'login.password.empty.objectRequest.requestObject.password',
            'login.password.empty.requestObject.password',
            'login.password.empty.password',
            'login.password.empty.java.lang.String',
            'login.password.empty',
          ],
          remainingAttempts: null,
          errorId: expect.any(String),
        },
      });
      expect((await authenticate('p'.repeat(129))).body.responseObject.message).toBe('login.password.long');
      expect((await authenticate('p'.repeat(128))).status).toBe(200);
      const aes = await authenticate('p'.repeat(200), 'PASSWORD_ENCRYPTION_AES');
      expect(aes.status).toBe(200);
      expect(aes.body.responseObject.authenticationResult).toBe('FAILED');
      const unsupported = await authenticate('x', 'ROT13');
      expect(unsupported.status).toBe(400);
      expect(unsupported.body.responseObject.validationErrors).toContain(
        'login.type.unsupported.io.getlime.security.powerauth.lib.dataadapter.model.entity.AuthenticationContext',
      );
      const both = await post('/auth/user/authenticate', {
        userId: '',
        password: '',
        organizationId: 'RETAIL',
        operationContext: seedContext('x'),
      });
      expect(both.body.responseObject.message).toBe('login.password.empty');
    });

    it('accepts an AES-protected password with the configured key (spec §5)', async () => {
      const { createCipheriv, randomBytes } = await import('node:crypto');
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', Buffer.from(AES_KEY, 'base64'), iv);
      const ct = Buffer.concat([cipher.update(PASSWORD, 'utf8'), cipher.final()]);
      const res = await authenticate(`${iv.toString('base64')}:${ct.toString('base64')}`, 'PASSWORD_ENCRYPTION_AES');
      expect(res.body.responseObject.authenticationResult).toBe('SUCCEEDED');
      const garbage = await authenticate(
        'uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==',
        'PASSWORD_ENCRYPTION_AES',
      );
      expect(garbage.body.responseObject.authenticationResult).toBe('FAILED');
    });

    it('locks the user after 5 wrong passwords, also against the right one', async () => {
      await admin('post', '/admin/users').send({
        userId: 'locked01',
        username: 'locked01',
        password: PASSWORD,
        givenName: 'Lock',
        familyName: 'Out',
        organizationId: 'RETAIL',
        phoneNumber: null,
        email: null,
        language: 'cs',
      });
      const attempt = (password: string) =>
        post('/auth/user/authenticate', {
          userId: 'locked01',
          organizationId: 'RETAIL',
          password,
          authenticationContext: { passwordProtection: 'NO_PROTECTION', cipherTransformation: '' },
          operationContext: seedContext('lock-op'),
        });
      const remaining = [];
      for (let i = 0; i < 4; i++)
        remaining.push((await attempt('wrong-password')).body.responseObject.remainingAttempts);
      expect(remaining).toEqual([4, 3, 2, 1]);
      const fifth = await attempt('wrong-password');
      expect(fifth.body.responseObject).toMatchObject({
        authenticationResult: 'FAILED',
        errorMessage: 'login.authenticationBlocked',
        remainingAttempts: 0,
      });
      const right = await attempt(PASSWORD);
      expect(right.body.responseObject).toMatchObject({ authenticationResult: 'FAILED', userDetail: null });
      t.clock.advanceSeconds(3600);
      expect((await attempt(PASSWORD)).body.responseObject.authenticationResult).toBe('SUCCEEDED');
    });

    it('answers an unknown user like a wrong password', async () => {
      const res = await post('/auth/user/authenticate', {
        userId: 'ghost',
        organizationId: 'RETAIL',
        password: 'whatever-pass',
        authenticationContext: { passwordProtection: 'NO_PROTECTION' },
        operationContext: seedContext('x'),
      });
      expect(res.body.responseObject).toMatchObject({
        authenticationResult: 'FAILED',
        errorMessage: 'login.authenticationFailed',
        accountStatus: 'ACTIVE',
      });
    });
  });

  describe('user info', () => {
    it('replays the seed', async () => {
      const res = await post('/auth/user/info', { userId: '12345678', organizationId: 'RETAIL' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK', responseObject: SEED_USER_DETAIL });
    });

    it('answers an unknown user with USER_NOT_FOUND', async () => {
      const res = await post('/auth/user/info', { userId: 'ghost', organizationId: 'RETAIL' });
      expect(res.status).toBe(400);
      expect(res.body.responseObject).toEqual({
        code: 'USER_NOT_FOUND',
        message: 'login.userNotFound',
        validationErrors: null,
        remainingAttempts: null,
        errorId: expect.any(String),
      });
    });
  });

  describe('form data', () => {
    it('replays the seed: decorate adds the user’s accounts (#18)', async () => {
      const res = await post('/operation/formdata/decorate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: seedContext('371526cc-5dee-414e-8418-5ee1c5ef2d67'),
      });
      expect(res.status).toBe(200);
      const expected = seedFormData();
      expected.parameters.push({
        type: 'BANK_ACCOUNT_CHOICE',
        id: 'operation.bankAccountChoice',
        label: null,
        bankAccounts: [
          {
            number: '12345678/1234',
            accountId: 'CZ4012340000000012345678',
            name: 'Běžný účet v CZK',
            balance: 24394.52,
            currency: 'CZK',
            usableForPayment: true,
            unusableForPaymentReason: null,
          },
          {
            number: '87654321/4321',
            accountId: 'CZ4043210000000087654321',
            name: 'Spořící účet v CZK',
            balance: 158121.1,
            currency: 'CZK',
            usableForPayment: true,
            unusableForPaymentReason: null,
          },
          {
            number: '44444444/1111',
            accountId: 'CZ4011110000000044444444',
            name: 'Spořící účet v EUR',
            balance: 1.9,
            currency: 'EUR',
            usableForPayment: false,
            unusableForPaymentReason: 'Low account balance',
          },
        ],
        enabled: true,
        defaultValue: 'CZ4012340000000012345678',
      });
      expect(res.body).toEqual({ status: 'OK', responseObject: { formData: expected } });
    });

    it('marks accounts of another currency or with too low a balance, and honours formData.config', async () => {
      const context = seedContext('dec-2', {}, { amount: 50000 });
      context.formData.config = [{ id: 'operation.bankAccountChoice', enabled: false, defaultValue: 'X' }];
      const res = await post('/operation/formdata/decorate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: context,
      });
      const choice = res.body.responseObject.formData.parameters.find((p: any) => p.type === 'BANK_ACCOUNT_CHOICE');
      expect(choice.enabled).toBe(false);
      expect(choice.defaultValue).toBe('X');
      expect(choice.bankAccounts.map((a: any) => [a.usableForPayment, a.unusableForPaymentReason])).toEqual([
        [false, 'Low account balance'],
        [true, null],
        [false, 'Low account balance'],
      ]);
      const eur = await post('/operation/formdata/decorate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: seedContext('dec-3', {}, { currency: 'EUR', amount: 1 }),
      });
      const eurChoice = eur.body.responseObject.formData.parameters.find((p: any) => p.type === 'BANK_ACCOUNT_CHOICE');
      expect(eurChoice.bankAccounts[0]).toMatchObject({
        usableForPayment: false,
        unusableForPaymentReason: 'Account currency differs from the payment currency',
      });
      expect(eurChoice.defaultValue).toBe('CZ4012340000000012345678');
    });

    it('leaves a login’s form data unchanged', async () => {
      const context = seedContext('dec-4', {}, { name: 'login' });
      const res = await post('/operation/formdata/decorate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: context,
      });
      expect(res.body.responseObject.formData).toEqual(context.formData);
    });

    it('replays the seed: form data change notification (#19), recorded', async () => {
      const res = await post('/operation/formdata/change', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: seedContext('fd-change-op', { 'operation.bankAccountChoice': 'CZ4012340000000012345678' }),
        formDataChange: { type: 'BANK_ACCOUNT_CHOICE', bankAccountId: 'CZ4012340000000012345678' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK' });
      const recorded = await t.app.get(OperationNotificationsService).ofOperation('fd-change-op');
      expect(recorded).toEqual([
        expect.objectContaining({
          kind: 'FORM_DATA_CHANGE',
          change: 'BANK_ACCOUNT_CHOICE',
          details: { bankAccountId: 'CZ4012340000000012345678' },
          userId: '12345678',
        }),
      ]);
      const unknown = await post('/operation/formdata/change', {
        operationContext: seedContext('fd-change-op'),
        formDataChange: { type: 'SOMETHING_ELSE' },
      });
      expect(unknown.status).toBe(400);
    });

    it('replays the seed: operation change notification (#19), recorded; a missing context is a 400', async () => {
      const res = await post('/operation/change', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: seedContext('c02c5ea8-d4da-4499-9a27-aa4ded70921b', CHOSEN_ACCOUNT),
        operationChange: 'DONE',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK' });
      const recorded = await t.app
        .get(OperationNotificationsService)
        .ofOperation('c02c5ea8-d4da-4499-9a27-aa4ded70921b');
      expect(recorded.map((r) => [r.kind, r.change])).toEqual([['OPERATION_CHANGE', 'DONE']]);
      const missing = await post('/operation/change', { userId: '12345678', operationChange: 'DONE' });
      expect(missing.status).toBe(400);
      expect(missing.body.responseObject.code).toBe('INPUT_INVALID');
      const invalid = await post('/operation/change', {
        operationContext: seedContext('y'),
        operationChange: 'EXPIRED',
      });
      expect(invalid.status).toBe(400);
    });
  });

  describe('consent', () => {
    const ctx = (id: string, name = 'authorize_payment') => seedContext(id, CHOSEN_ACCOUNT, { name });

    it('replays the seed: init (#16)', async () => {
      const res = await post('/auth/consent/init', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: ctx('7d92fce2-c1f2-4d5b-b522-61da0749fdf7'),
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: {
          shouldDisplayConsentForm: true,
          consentHtml: SEED_CONSENT_HTML,
          options: SEED_CONSENT_OPTIONS,
        },
      });
    });

    it('replays the seed: create (#14), in cs and falling back to en', async () => {
      const res = await post('/auth/consent/create', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: ctx('7d92fce2-c1f2-4d5b-b522-61da0749fdf7'),
        lang: 'en',
      });
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: { consentHtml: SEED_CONSENT_HTML, options: SEED_CONSENT_OPTIONS },
      });
      const de = await post('/auth/consent/create', { userId: 'u1', operationContext: ctx('c1'), lang: 'de' });
      expect(de.body.responseObject.consentHtml).toBe(SEED_CONSENT_HTML);
      const cs = await post('/auth/consent/create', { userId: 'u1', operationContext: ctx('c1', 'login'), lang: 'cs' });
      expect(cs.body.responseObject).toEqual({
        consentHtml:
          'Tímto potvrzuji, že jsem inicioval tuto žádost o přihlášení a souhlasím s dokončením této operace.',
        options: [
          {
            id: 'CONSENT_LOGIN',
            descriptionHtml: 'Souhlasím s dokončením operace pro přihlášení.',
            required: true,
            defaultValue: 'NOT_CHECKED',
            value: null,
          },
        ],
      });
      const foo = await post('/auth/consent/create', { userId: 'u1', operationContext: ctx('c1', 'foo'), lang: 'en' });
      expect(foo.status).toBe(400);
      expect(foo.body.responseObject).toMatchObject({
        code: 'OPERATION_CONTEXT_INVALID',
        message: 'Invalid operation context',
      });
    });

    it('replays the seed: validate passed and failed (#15)', async () => {
      const checked = SEED_CONSENT_OPTIONS.map((o) => ({ ...o, value: 'CHECKED' }));
      const passed = await post('/auth/consent/validate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: ctx('7d92fce2-c1f2-4d5b-b522-61da0749fdf7'),
        lang: 'en',
        options: checked,
      });
      expect(passed.body).toEqual({
        status: 'OK',
        responseObject: { consentValidationPassed: true, validationErrorMessage: null, optionValidationResults: [] },
      });
      const failed = await post('/auth/consent/validate', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: ctx('7d92fce2-c1f2-4d5b-b522-61da0749fdf7'),
        lang: 'en',
        options: SEED_CONSENT_OPTIONS,
      });
      expect(failed.body).toEqual({
        status: 'OK',
        responseObject: {
          consentValidationPassed: false,
          validationErrorMessage: 'Please fill in the whole consent form.',
          optionValidationResults: [
            {
              id: 'CONSENT_INIT',
              validationPassed: false,
              errorMessage: 'Confirm this option to complete the operation.',
            },
            {
              id: 'CONSENT_PAYMENT',
              validationPassed: false,
              errorMessage: 'Confirm this option to complete the operation.',
            },
          ],
        },
      });
      const half = await post('/auth/consent/validate', {
        userId: 'u1',
        operationContext: ctx('v1'),
        lang: 'en',
        options: [checked[0], SEED_CONSENT_OPTIONS[1]],
      });
      expect(half.body.responseObject.optionValidationResults.map((r: any) => r.id)).toEqual(['CONSENT_PAYMENT']);
      const empty = await post('/auth/consent/validate', {
        userId: 'u1',
        operationContext: ctx('v1'),
        lang: 'en',
        options: [],
      });
      expect(empty.status).toBe(400);
      expect(empty.body.responseObject).toMatchObject({
        code: 'CONSENT_DATA_INVALID',
        message: 'Missing options for consent',
      });
      const three = await post('/auth/consent/validate', {
        userId: 'u1',
        operationContext: ctx('v1'),
        lang: 'en',
        options: [...checked, checked[0]],
      });
      expect(three.body.responseObject).toMatchObject({
        code: 'CONSENT_DATA_INVALID',
        message: 'Unexpected options count for consent',
      });
      const missing = await post('/auth/consent/validate', { userId: 'u1', operationContext: ctx('v1'), lang: 'en' });
      expect(missing.status).toBe(400);
      expect(missing.body.responseObject).toMatchObject({
        code: 'INPUT_INVALID',
        message: 'login.authenticationFailed',
      });
      expect(missing.body.responseObject.validationErrors).toEqual([
        'consent.invalidRequest.objectRequest.requestObject.options',
        'consent.invalidRequest.requestObject.options',
        'consent.invalidRequest.options',
        'consent.invalidRequest.java.util.List',
        'consent.invalidRequest',
      ]);
    });

    it('replays the seed: save (#16), recording user, operation, options and time', async () => {
      t.clock.set('2026-02-01T08:00:00.000Z');
      const options = SEED_CONSENT_OPTIONS.map((o) => ({ ...o, value: 'CHECKED' }));
      const res = await post('/auth/consent/save', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: ctx('4a04667b-8a1a-46af-813c-cf71ffcde478'),
        options,
      });
      expect(res.body).toEqual({ status: 'OK', responseObject: { saveSucceeded: true } });
      const records = await t.app.get(ConsentService).recordsOfOperation('4a04667b-8a1a-46af-813c-cf71ffcde478');
      expect(records).toEqual([
        expect.objectContaining({
          userId: '12345678',
          organizationId: 'RETAIL',
          operationName: 'authorize_payment',
          options: [
            { id: 'CONSENT_INIT', value: 'CHECKED' },
            { id: 'CONSENT_PAYMENT', value: 'CHECKED' },
          ],
          createdAt: new Date('2026-02-01T08:00:00.000Z'),
        }),
      ]);
      const noUser = await post('/auth/consent/save', { operationContext: ctx('s2'), options });
      expect(noUser.status).toBe(400);
      expect(noUser.body.responseObject.validationErrors[0]).toBe(
        'consent.invalidRequest.objectRequest.requestObject.userId',
      );
    });
  });

  describe('anti-fraud', () => {
    const execute = (
      afsAction: string,
      context = seedContext('47a74437-83f9-4567-8c9e-270bea98d9de', CHOSEN_ACCOUNT),
      extra: Record<string, unknown> = {},
    ) =>
      post('/afs/action/execute', {
        userId: '12345678',
        organizationId: 'RETAIL',
        operationContext: context,
        afsRequestParameters: {
          afsType: 'THREAT_MARK',
          afsAction,
          clientIpAddress: '',
          stepIndex: 1,
          username: null,
          authInstruments: [],
          authStepResult: null,
          operationTerminationReason: null,
        },
        extras: { cookie1: '123xyz', cookie2: 'abc67890' },
        ...extra,
      });

    it('replays the seed: APPROVAL_INIT of 100 CZK steps down to 1FA (#17), recorded', async () => {
      const res = await execute('APPROVAL_INIT');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'OK',
        responseObject: {
          afsResponseApplied: true,
          afsLabel: '1FA',
          authStepOptions: { smsOtpRequired: true, passwordRequired: false },
          extras: {},
        },
      });
      const actions = await t.app.get(AfsService).actionsOfOperation('47a74437-83f9-4567-8c9e-270bea98d9de');
      expect(actions).toEqual([
        expect.objectContaining({
          action: 'APPROVAL_INIT',
          stepIndex: 1,
          responseApplied: true,
          responseLabel: '1FA',
          requestExtras: { cookie1: '123xyz', cookie2: 'abc67890' },
        }),
      ]);
    });

    it('answers 2FA for larger or foreign amounts and for the other actions (#17)', async () => {
      const twoFa = {
        afsResponseApplied: false,
        afsLabel: '2FA',
        authStepOptions: { smsOtpRequired: true, passwordRequired: true },
        extras: {},
      };
      expect((await execute('APPROVAL_INIT', seedContext('a2', {}, { amount: 1000 }))).body.responseObject).toEqual(
        twoFa,
      );
      expect((await execute('APPROVAL_INIT', seedContext('a2', {}, { amount: 500 }))).body.responseObject).toEqual(
        twoFa,
      );
      expect(
        (await execute('APPROVAL_INIT', seedContext('a2', {}, { amount: 499.99 }))).body.responseObject.afsLabel,
      ).toBe('1FA');
      expect((await execute('APPROVAL_INIT', seedContext('a2', {}, { currency: 'EUR' }))).body.responseObject).toEqual(
        twoFa,
      );
      expect((await execute('LOGIN_INIT')).body.responseObject).toEqual(twoFa);
      expect((await execute('LOGOUT')).body.responseObject).toEqual({ ...twoFa, afsLabel: null });
      const missing = await execute('LOGIN_INIT', seedContext('a3'), { organizationId: null });
      expect(missing.status).toBe(400);
      expect(missing.body.responseObject).toMatchObject({
        code: 'OPERATION_CONTEXT_INVALID',
        message: 'error.invalidRequest',
      });
      const noContext = await execute('LOGIN_INIT', undefined, { operationContext: null });
      expect(noContext.status).toBe(400);
    });

    it('lets an admin change the rules at run time, without code', async () => {
      const list = await admin('get', '/admin/afs/rules');
      expect(list.status).toBe(200);
      const stepDown = list.body.items.find((r: any) => r.outcome.afsLabel === '1FA');
      const changed = await admin('put', `/admin/afs/rules/${stepDown.ruleId}`).send({
        ...stepDown,
        condition: {
          all: [
            { fact: 'action', op: 'eq', value: 'APPROVAL_INIT' },
            { fact: 'currency', op: 'in', value: ['CZK', 'EUR'] },
            { fact: 'amount', op: 'lt', value: 50 },
          ],
        },
      });
      expect(changed.status).toBe(200);
      expect((await execute('APPROVAL_INIT')).body.responseObject.afsLabel).toBe('2FA');
      expect(
        (await execute('APPROVAL_INIT', seedContext('a4', {}, { currency: 'EUR', amount: 10 }))).body.responseObject
          .afsLabel,
      ).toBe('1FA');

      const created = await admin('post', '/admin/afs/rules').send({
        name: 'Block logins from one network',
        priority: 1,
        condition: {
          all: [
            { fact: 'action', op: 'eq', value: 'LOGIN_INIT' },
            { fact: 'organizationId', op: 'eq', value: 'RETAIL' },
          ],
        },
        outcome: { afsResponseApplied: true, afsLabel: 'BLOCK', smsOtpRequired: true, passwordRequired: true },
      });
      expect(created.status).toBe(201);
      expect((await execute('LOGIN_INIT')).body.responseObject).toMatchObject({
        afsResponseApplied: true,
        afsLabel: 'BLOCK',
      });
      expect((await admin('delete', `/admin/afs/rules/${created.body.ruleId}`)).status).toBe(204);
      expect((await execute('LOGIN_INIT')).body.responseObject.afsLabel).toBe('2FA');

      const code = await admin('post', '/admin/afs/rules').send({
        name: 'evil',
        priority: 1,
        condition: { fact: 'amount', op: 'lt', value: 'process.exit(1)' },
        outcome: { afsResponseApplied: true, afsLabel: 'X', smsOtpRequired: false, passwordRequired: false },
      });
      expect(code.status).toBe(400);
      expect(code.body.code).toBe('INVALID_RULE');
      const denied = await t.http.get('/admin/afs/rules').set('Authorization', auth);
      expect(denied.status).toBe(403);
    });
  });

  describe('when configured to report unknown users, and without a password key', () => {
    let strict: TestApp;
    let strictAuth: string;

    beforeAll(async () => {
      strict = await startApiServer({ env: { DATA_ADAPTER_UNKNOWN_USER: 'USER_NOT_FOUND' } });
      const client = await strict.createClient(['data-adapter']);
      strictAuth = strict.basic(client.clientId, client.secret);
    });
    afterAll(() => strict.close());

    it('replays the seed: user account does not exist', async () => {
      const res = await strict.http
        .post('/data-adapter/api/auth/user/lookup')
        .set('Authorization', strictAuth)
        .send({
          requestObject: { username: 'user1234', organizationId: 'RETAIL', operationContext: seedContext('x') },
        });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'ERROR',
        responseObject: {
          code: 'USER_NOT_FOUND',
          message: 'login.userNotFound',
          validationErrors: null,
          remainingAttempts: null,
          errorId: expect.any(String),
        },
      });
    });

    it('rejects PASSWORD_ENCRYPTION_AES passwords when no key is configured', async () => {
      await strict.http
        .post('/admin/users')
        .set('Authorization', strict.adminAuth())
        .send({ ...SEED_USER, password: 'passw0rd', givenName: 'A', familyName: 'B', language: 'en' })
        .expect(201);
      const res = await strict.http
        .post('/data-adapter/api/auth/user/authenticate')
        .set('Authorization', strictAuth)
        .send({
          requestObject: {
            userId: SEED_USER.userId,
            organizationId: 'RETAIL',
            password: 'uOaHgDWvvrHPzFSvRY6bUg==:y8SuSlUipZKkcw2QjCpuCw==',
            authenticationContext: {
              passwordProtection: 'PASSWORD_ENCRYPTION_AES',
              cipherTransformation: 'AES/CBC/PKCS7Padding',
            },
            operationContext: seedContext('x'),
          },
        });
      expect(res.status).toBe(200);
      expect(res.body.responseObject).toMatchObject({
        authenticationResult: 'FAILED',
        errorMessage: 'login.authenticationFailed',
      });
    });
  });
});
