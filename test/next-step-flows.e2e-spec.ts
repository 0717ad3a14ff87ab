import { TestApp } from '@app/testing';
import { OperationExpiryJob } from '@app/operations';
import { startApiServer } from './support/api-server';
import { NextStepClient, methods } from './support/next-step-client';

/** Scenarios of spec nextstep.md §7.3–§7.4 with the recommended outcomes, on the default data. */
describe('Next Step flows', () => {
  let t: TestApp;
  let ns: NextStepClient;
  let n = 0;
  const user = () => `user-${++n}`;
  const payment = { operationName: 'authorize_payment', operationData: 'A1*A100CZK*Q238400856/0300**D20190629*NBill' };
  const err = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.responseObject?.code });
  const admin = (method: 'get' | 'post' | 'put' | 'delete', path: string) =>
    t.http[method](`/admin/next-step${path}`).set('Authorization', t.adminAuth());

  beforeAll(async () => {
    t = await startApiServer();
    ns = await NextStepClient.create(t);
  });
  afterAll(() => t.close());

  describe('auth methods (A1–A5)', () => {
    it('lists the catalogue in order', async () => {
      const res = await ns.post('/auth-method/list', {});
      expect(methods(res.body.responseObject.authMethods)).toEqual([
        'INIT',
        'USER_ID_ASSIGN',
        'USERNAME_PASSWORD_AUTH',
        'SHOW_OPERATION_DETAIL',
        'POWERAUTH_TOKEN',
        'SMS_KEY',
        'CONSENT',
        'LOGIN_SCA',
        'APPROVAL_SCA',
        'OTP_CODE',
      ]);
    });

    it('enables POWERAUTH_TOKEN with its config, disables it, and keeps other config', async () => {
      const u = user();
      const listFor = async (userId: string | null) =>
        (await ns.post('/user/auth-method/list', { userId })).body.responseObject.userAuthMethods;
      expect(methods(await listFor(u))).not.toContain('POWERAUTH_TOKEN');
      expect((await listFor(null)).every((m: any) => m.userId === null && m.config === null)).toBe(true);
      await ns.post('/user/auth-method', { userId: u, authMethod: 'SMS_KEY', config: { phone: 'primary' } });
      const on = await ns.post('/user/auth-method', {
        userId: u,
        authMethod: 'POWERAUTH_TOKEN',
        config: { activationId: 'act-1' },
      });
      expect(
        on.body.responseObject.userAuthMethods.find((m: any) => m.authMethod === 'POWERAUTH_TOKEN').config,
      ).toEqual({ activationId: 'act-1' });
      const off = await ns.post('/user/auth-method/delete', { userId: u, authMethod: 'POWERAUTH_TOKEN' });
      expect(methods(off.body.responseObject.userAuthMethods)).not.toContain('POWERAUTH_TOKEN');
      expect(off.body.responseObject.userAuthMethods.find((m: any) => m.authMethod === 'SMS_KEY').config).toEqual({
        phone: 'primary',
      });
      const again = await ns.post('/user/auth-method', { userId: u, authMethod: 'POWERAUTH_TOKEN', config: null });
      expect(
        again.body.responseObject.userAuthMethods.find((m: any) => m.authMethod === 'POWERAUTH_TOKEN').config,
      ).toBeNull();
    });

    it('rejects bad requests with 400 codes', async () => {
      // A config is a map of names to strings on every route that takes one (also when disabling).
      for (const config of [{ activationId: ['act-1'] }, { activationId: null }, { '': 'x' }]) {
        for (const path of ['/user/auth-method', '/user/auth-method/delete']) {
          expect(err(await ns.post(path, { userId: 'u', authMethod: 'POWERAUTH_TOKEN', config }))).toEqual({
            status: 400,
            code: 'INVALID_REQUEST',
          });
        }
      }
      expect(err(await ns.post('/user/auth-method', { authMethod: 'SMS_KEY' }))).toEqual({
        status: 400,
        code: 'INVALID_REQUEST',
      });
      expect(err(await ns.post('/user/auth-method', { userId: 'u', authMethod: 'NOPE' }))).toEqual({
        status: 400,
        code: 'AUTH_METHOD_NOT_FOUND',
      });
      expect(err(await ns.call('delete', '/user/auth-method', { userId: 'u', authMethod: 'SMS_KEY' }))).toEqual({
        status: 400,
        code: 'INVALID_REQUEST',
      });
      expect(
        err(await ns.post('/user/auth-method', { userId: 'u', authMethod: 'POWERAUTH_TOKEN', config: { a: 1 } })),
      ).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    });
  });

  describe('create and detail (C1–C6)', () => {
    it('creates a login operation and shows its detail', async () => {
      const op = await ns.create({
        operationName: 'login',
        operationData: 'A2',
        formData: { title: { id: 'operation.title', message: null } },
      });
      expect(op).toMatchObject({
        operationName: 'login',
        result: 'CONTINUE',
        resultDescription: null,
        operationData: 'A2',
        expired: false,
      });
      expect(methods(op.steps)).toEqual(['USER_ID_ASSIGN', 'USERNAME_PASSWORD_AUTH']);
      expect(await ns.detail(op.operationId)).toMatchObject({
        result: 'CONTINUE',
        userId: null,
        operationData: 'A2',
        chosenAuthMethod: null,
        remainingAttempts: null,
        expired: false,
        history: [{ authMethod: 'INIT', requestAuthStepResult: 'CONFIRMED', authResult: 'CONTINUE' }],
      });
    });

    it('rejects a duplicate id, an unknown operation name and bad operation data; stores nothing', async () => {
      await ns.create({ ...payment, operationId: 'op-1' });
      expect(err(await ns.post('/operation', { ...payment, operationId: 'op-1' }))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_EXISTS',
      });
      expect(err(await ns.post('/operation', { operationName: 'no_such_op', operationId: 'op-x' }))).toEqual({
        status: 400,
        code: 'INVALID_CONFIGURATION',
      });
      expect(err(await ns.post('/operation/detail', { operationId: 'op-x' }))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_FOUND',
      });
      expect(err(await ns.post('/operation', { ...payment, operationData: 'A1*A0CZK' }))).toEqual({
        status: 400,
        code: 'INVALID_OPERATION_DATA',
      });
      const mismatch = await ns.post('/operation', {
        ...payment,
        formData: { parameters: [{ type: 'AMOUNT', id: 'operation.amount', amount: 200, currency: 'CZK' }] },
      });
      expect(err(mismatch)).toEqual({ status: 400, code: 'INVALID_OPERATION_DATA' });
      const badForm = await ns.post('/operation', {
        ...payment,
        formData: { parameters: [{ type: 'SLIDER', id: 'x' }] },
      });
      expect(err(badForm)).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      expect(err(await ns.post('/operation', { operationName: 7 }))).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    });

    it('answers the operation configuration', async () => {
      const res = await ns.post('/operation/config', { operationName: 'authorize_payment' });
      expect(res.body.responseObject).toMatchObject({
        templateVersion: 'A',
        templateId: 1,
        mobileTokenMode: expect.stringContaining('2FA'),
      });
      const unknown = await ns.post('/operation/config/detail', { operationName: 'nope' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.responseObject).toMatchObject({
        code: 'OPERATION_NOT_FOUND',
        message: 'Operation is not configured.',
      });
    });
  });

  describe('happy paths (H1, H3, H4, H6, H7)', () => {
    it('login → SMS → consent → DONE for a payment', async () => {
      const u = user();
      const op = await ns.create(payment);
      const login = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: u });
      expect(login.body.responseObject).toMatchObject({ result: 'CONTINUE', userId: u });
      expect(methods(login.body.responseObject.steps)).toEqual(['SMS_KEY']);
      const sms = await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED'); // without userId: the user is kept
      expect(methods(sms.body.responseObject.steps)).toEqual(['CONSENT']);
      const done = await ns.update(op.operationId, 'CONSENT', 'CONFIRMED');
      expect(done.body.responseObject).toMatchObject({ result: 'DONE', steps: [], userId: u });
      const detail = await ns.detail(op.operationId);
      expect(detail).toMatchObject({ result: 'DONE', userId: u, steps: [] });
      expect(detail.history.map((h: any) => `${h.authMethod}:${h.requestAuthStepResult}→${h.authResult}`)).toEqual([
        'INIT:CONFIRMED→CONTINUE',
        'USERNAME_PASSWORD_AUTH:CONFIRMED→CONTINUE',
        'SMS_KEY:CONFIRMED→CONTINUE',
        'CONSENT:CONFIRMED→DONE',
      ]);
    });

    it('offers POWERAUTH_TOKEN only when enabled with an activation id', async () => {
      const u = user();
      const stepsAfterLogin = async () => {
        const op = await ns.create(payment);
        const res = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: u });
        return { op, steps: methods(res.body.responseObject.steps) };
      };
      expect((await stepsAfterLogin()).steps).toEqual(['SMS_KEY']);
      await ns.post('/user/auth-method', { userId: u, authMethod: 'POWERAUTH_TOKEN', config: null });
      expect((await stepsAfterLogin()).steps).toEqual(['SMS_KEY']); // enabled, but no activation
      await ns.post('/user/auth-method', {
        userId: u,
        authMethod: 'POWERAUTH_TOKEN',
        config: { activationId: 'act-9' },
      });
      const { op, steps } = await stepsAfterLogin();
      expect(steps).toEqual(['POWERAUTH_TOKEN', 'SMS_KEY']);
      await ns.call('put', '/operation/chosenAuthMethod', {
        operationId: op.operationId,
        chosenAuthMethod: 'POWERAUTH_TOKEN',
      });
      expect((await ns.detail(op.operationId)).chosenAuthMethod).toBe('POWERAUTH_TOKEN');
      const token = await ns.update(op.operationId, 'POWERAUTH_TOKEN', 'CONFIRMED');
      expect(methods(token.body.responseObject.steps)).toEqual(['CONSENT']);
      expect((await ns.detail(op.operationId)).chosenAuthMethod).toBeNull();
      // switched off per operation name: not offered even with an activation
      await admin('put', '/operation-configs/authorize_payment').send({
        templateVersion: 'A',
        templateId: 1,
        mobileTokenEnabled: false,
        mobileTokenMode: '{}',
      });
      expect((await stepsAfterLogin()).steps).toEqual(['SMS_KEY']);
      await admin('put', '/operation-configs/authorize_payment').send({
        templateVersion: 'A',
        templateId: 1,
        mobileTokenEnabled: true,
        mobileTokenMode: '{}',
      });
    });

    it('login_sca and authorize_payment_sca', async () => {
      const login = await ns.create({ operationName: 'login_sca' });
      expect(methods(login.steps)).toEqual(['LOGIN_SCA']);
      expect(methods((await ns.update(login.operationId, 'LOGIN_SCA', 'CONFIRMED')).body.responseObject.steps)).toEqual(
        ['CONSENT'],
      );
      expect(methods((await ns.update(login.operationId, 'CONSENT', 'AUTH_FAILED')).body.responseObject.steps)).toEqual(
        ['CONSENT'],
      );
      expect((await ns.update(login.operationId, 'CONSENT', 'CONFIRMED')).body.responseObject.result).toBe('DONE');
      const pay = await ns.create({ operationName: 'authorize_payment_sca' });
      expect(methods(pay.steps)).toEqual(['LOGIN_SCA', 'USER_ID_ASSIGN']);
      expect(methods((await ns.update(pay.operationId, 'LOGIN_SCA', 'CONFIRMED')).body.responseObject.steps)).toEqual([
        'APPROVAL_SCA',
      ]);
      expect(
        methods((await ns.update(pay.operationId, 'APPROVAL_SCA', 'CONFIRMED')).body.responseObject.steps),
      ).toEqual(['CONSENT']);
      expect((await ns.update(pay.operationId, 'CONSENT', 'CONFIRMED')).body.responseObject.result).toBe('DONE');
    });
  });

  describe('failed attempts (F1–F4)', () => {
    it('counts AUTH_FAILED up to AUTH_METHOD_FAILED', async () => {
      const op = await ns.create({ operationName: 'login' });
      for (let i = 1; i <= 4; i++) {
        const res = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'AUTH_FAILED');
        expect(res.body.responseObject).toMatchObject({ result: 'CONTINUE' });
        expect(methods(res.body.responseObject.steps)).toEqual(['USERNAME_PASSWORD_AUTH']);
        expect((await ns.detail(op.operationId)).remainingAttempts).toBe(5 - i);
      }
      const fifth = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'AUTH_FAILED');
      expect(fifth.body.responseObject).toMatchObject({ result: 'FAILED', steps: [] });
      const detail = await ns.detail(op.operationId);
      expect(detail).toMatchObject({ result: 'FAILED', remainingAttempts: 0 });
      expect(detail.history.at(-1)).toEqual({
        authMethod: 'USERNAME_PASSWORD_AUTH',
        requestAuthStepResult: 'AUTH_METHOD_FAILED',
        authResult: 'FAILED',
      });
      expect(err(await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_FAILED',
      });
      expect((await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CANCELED')).body.responseObject.result).toBe(
        'FAILED',
      );
    });

    it('counts per method; an explicit AUTH_METHOD_FAILED fails at once', async () => {
      const op = await ns.create(payment);
      for (let i = 0; i < 4; i++) await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'AUTH_FAILED');
      await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      expect((await ns.detail(op.operationId)).remainingAttempts).toBe(1);
      for (let i = 0; i < 4; i++) {
        expect((await ns.update(op.operationId, 'SMS_KEY', 'AUTH_FAILED')).body.responseObject.result).toBe('CONTINUE');
      }
      expect((await ns.update(op.operationId, 'SMS_KEY', 'AUTH_FAILED')).body.responseObject.result).toBe('FAILED');
      const other = await ns.create(payment);
      await ns.update(other.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      expect((await ns.update(other.operationId, 'SMS_KEY', 'AUTH_METHOD_FAILED')).body.responseObject.result).toBe(
        'FAILED',
      );
    });
  });

  describe('custom step definitions through the admin API (F5–F8)', () => {
    const row = (body: Record<string, unknown>) => admin('post', '/step-definitions').send(body);

    it('validates rows and resolves them without a restart', async () => {
      expect(
        (
          await row({
            operationName: 'op_x',
            operationType: 'UPDATE',
            requestAuthMethod: 'SMS_KEY',
            requestAuthStepResult: 'CONFIRMED',
            responsePriority: 1,
            responseResult: 'DONE',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await row({
            operationName: 'op_x',
            operationType: 'CREATE',
            responsePriority: 1,
            responseAuthMethod: 'SMS_KEY',
            responseResult: 'CONTINUE',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await row({
            operationName: 'op_x',
            operationType: 'CREATE',
            responsePriority: 1,
            responseAuthMethod: 'OTP_CODE',
            responseResult: 'CONTINUE',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await row({
            operationName: 'op_x',
            operationType: 'UPDATE',
            requestAuthMethod: 'NOPE',
            requestAuthStepResult: 'CONFIRMED',
            responsePriority: 1,
            responseResult: 'DONE',
          })
        ).status,
      ).toBe(400);
      const confirmed = await row({
        operationName: 'op_x',
        operationType: 'UPDATE',
        requestAuthMethod: 'SMS_KEY',
        requestAuthStepResult: 'CONFIRMED',
        responsePriority: 1,
        responseAuthMethod: 'CONSENT',
        responseResult: 'CONTINUE',
      });
      expect(confirmed.status).toBe(201);
      await row({
        operationName: 'op_x',
        operationType: 'UPDATE',
        requestAuthMethod: 'SMS_KEY',
        requestAuthStepResult: 'CONFIRMED',
        responsePriority: 2,
        responseResult: 'DONE',
      });
      const listed = await admin('get', '/step-definitions?operationName=op_x');
      expect(listed.body.total).toBe(3);

      // F5: no row for SMS_KEY/AUTH_FAILED → FAILED error.noAuthMethod
      const a = await ns.create({ operationName: 'op_x' });
      expect((await ns.update(a.operationId, 'SMS_KEY', 'AUTH_FAILED')).body.responseObject).toMatchObject({
        result: 'FAILED',
        resultDescription: 'error.noAuthMethod',
        steps: [],
      });
      // F7: DONE wins over CONTINUE
      const b = await ns.create({ operationName: 'op_x' });
      expect((await ns.update(b.operationId, 'SMS_KEY', 'CONFIRMED')).body.responseObject).toMatchObject({
        result: 'DONE',
        steps: [],
      });
      // a deleted row stops applying at once: CONTINUE [CONSENT]
      const done = listed.body.items.find((i: any) => i.responseResult === 'DONE');
      expect((await admin('delete', `/step-definitions/${done.stepDefinitionId}`)).status).toBe(204);
      const c = await ns.create({ operationName: 'op_x' });
      expect(methods((await ns.update(c.operationId, 'SMS_KEY', 'CONFIRMED')).body.responseObject.steps)).toEqual([
        'CONSENT',
      ]);
    });

    it('fails when every next method is disabled for the user (F6)', async () => {
      await row({
        operationName: 'op_y',
        operationType: 'CREATE',
        responsePriority: 1,
        responseAuthMethod: 'SMS_KEY',
        responseResult: 'CONTINUE',
      });
      await row({
        operationName: 'op_y',
        operationType: 'UPDATE',
        requestAuthMethod: 'SMS_KEY',
        requestAuthStepResult: 'CONFIRMED',
        responsePriority: 1,
        responseAuthMethod: 'POWERAUTH_TOKEN',
        responseResult: 'CONTINUE',
      });
      const op = await ns.create({ operationName: 'op_y' });
      const res = await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED', { userId: user() });
      expect(res.body.responseObject).toMatchObject({ result: 'FAILED', resultDescription: 'error.noAuthMethod' });
    });

    it('manages operation configurations and the catalogue', async () => {
      const saved = await admin('put', '/operation-configs/op_x').send({
        templateVersion: 'A',
        templateId: 0,
        mobileTokenEnabled: false,
        mobileTokenMode: '{}',
        expirationSeconds: 60,
      });
      expect(saved.status).toBe(200);
      // the admin views: exactly the configuration's fields
      expect(saved.body).toEqual({
        operationName: 'op_x',
        templateVersion: 'A',
        templateId: 0,
        mobileTokenEnabled: false,
        mobileTokenMode: '{}',
        afsEnabled: false,
        afsConfigId: null,
        expirationSeconds: 60,
      });
      const op = await ns.create({ operationName: 'op_x' });
      expect(
        Date.parse(op.timestampExpires.replace('+0000', 'Z')) - Date.parse(op.timestampCreated.replace('+0000', 'Z')),
      ).toBe(60_000);
      expect((await admin('get', '/operation-configs')).body.map((c: any) => c.operationName)).toContain('op_x');
      expect((await admin('delete', '/operation-configs/op_x')).status).toBe(204);
      expect(
        (
          await admin('put', '/auth-methods/HW_TOKEN').send({
            orderNumber: 11,
            checkUserPrefs: false,
            checkAuthFails: true,
            maxAuthFails: 3,
            hasUserInterface: true,
          })
        ).status,
      ).toBe(200);
      expect(methods((await ns.post('/auth-method/list', {})).body.responseObject.authMethods)).toContain('HW_TOKEN');
      expect((await admin('get', '/auth-methods')).body.find((m: any) => m.authMethod === 'HW_TOKEN')).toEqual({
        authMethod: 'HW_TOKEN',
        orderNumber: 11,
        checkUserPrefs: false,
        userPrefsDefault: false,
        checkAuthFails: true,
        maxAuthFails: 3,
        hasUserInterface: true,
        hasMobileToken: false,
        displayNameKey: null,
      });
      expect((await admin('delete', '/auth-methods/SMS_KEY')).status).toBe(400); // used by step definitions
      expect((await admin('delete', '/auth-methods/HW_TOKEN')).status).toBe(204);
      const denied = await t.http.get('/admin/next-step/auth-methods').set('Authorization', ns.auth);
      expect(denied.status).toBe(403);
    });
  });

  describe('step order (V1–V5) and terminal states (D1–D5)', () => {
    it('rejects methods that are not current steps and changes nothing', async () => {
      const op = await ns.create(payment);
      expect(err(await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_VALID',
      });
      expect(err(await ns.update(op.operationId, 'INIT', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_VALID',
      });
      expect(err(await ns.update(op.operationId, 'NOPE', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'AUTH_METHOD_NOT_FOUND',
      });
      expect(err(await ns.call('put', '/operation', { operationId: op.operationId, authMethod: 'SMS_KEY' }))).toEqual({
        status: 400,
        code: 'INVALID_REQUEST',
      });
      expect(err(await ns.update('missing', 'SMS_KEY', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_NOT_FOUND',
      });
      const detail = await ns.detail(op.operationId);
      expect(detail.history).toHaveLength(1);
      expect(detail.timestampExpires).toBe(op.timestampExpires);
      // V5: SHOW_OPERATION_DETAIL is allowed while SMS is pending (no row in the default data)
      await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      expect((await ns.update(op.operationId, 'SHOW_OPERATION_DETAIL', 'CONFIRMED')).body.responseObject).toMatchObject(
        { result: 'FAILED', resultDescription: 'error.noAuthMethod' },
      );
    });

    it('answers updates of finished operations with their state', async () => {
      const op = await ns.create({ operationName: 'login' });
      await ns.update(op.operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: user() });
      await ns.update(op.operationId, 'CONSENT', 'CONFIRMED');
      expect(err(await ns.update(op.operationId, 'CONSENT', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_FINISHED',
      });
      expect(
        err(await ns.update(op.operationId, 'CONSENT', 'CANCELED', { authStepResultDescription: 'UNKNOWN' })),
      ).toEqual({ status: 400, code: 'OPERATION_ALREADY_FINISHED' });
    });

    it('cancels with a reason, from any method, twice, then refuses other updates', async () => {
      const op = await ns.create(payment);
      await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      const cancel = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CANCELED', {
        authStepResultDescription: 'INCORRECT_DATA',
      });
      expect(cancel.body.responseObject).toMatchObject({
        result: 'FAILED',
        resultDescription: 'canceled.incorrect_data',
        steps: [],
      });
      const again = await ns.update(op.operationId, 'SMS_KEY', 'CANCELED');
      expect(again.body.responseObject).toMatchObject({ result: 'FAILED', resultDescription: 'canceled.unknown' });
      expect((await ns.detail(op.operationId)).history).toHaveLength(4);
      expect(err(await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_CANCELED',
      });
      const init = await ns.create({ operationName: 'login' });
      const res = await ns.update(init.operationId, 'INIT', 'CANCELED', {
        authStepResultDescription: 'INTERRUPTED_OPERATION',
      });
      expect(res.body.responseObject).toMatchObject({
        result: 'FAILED',
        resultDescription: 'canceled.interrupted_operation',
      });
      expect(methods(res.body.responseObject.steps)).toEqual(['INIT']);
    });
  });

  describe('expiry (X1–X4) and the expiry job', () => {
    it('fails an expired operation on the next update with operation.timeout', async () => {
      const u = user();
      const op = await ns.create(payment);
      await ns.update(op.operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: u });
      t.clock.advanceSeconds(301);
      expect(await ns.detail(op.operationId)).toMatchObject({ result: 'CONTINUE', expired: true });
      expect(
        (await ns.post('/user/operation/list', { userId: u, mobileTokenOnly: false })).body.responseObject,
      ).toEqual([]);
      const before = (await ns.detail(op.operationId)).timestampExpires;
      const res = await ns.update(op.operationId, 'SMS_KEY', 'CANCELED', { authStepResultDescription: 'UNKNOWN' });
      expect(res.body.responseObject).toMatchObject({
        result: 'FAILED',
        resultDescription: 'operation.timeout',
        steps: [],
        timestampExpires: before,
        expired: true,
      });
      const detail = await ns.detail(op.operationId);
      expect(detail.history.at(-1)).toEqual({
        authMethod: 'SMS_KEY',
        requestAuthStepResult: 'AUTH_METHOD_FAILED',
        authResult: 'FAILED',
      });
      expect(err(await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_FAILED',
      });
    });

    it('slides the expiry with every step', async () => {
      const op = await ns.create(payment);
      t.clock.advanceSeconds(200);
      const res = await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      const expected = new Date(t.clock.now().getTime() + 300_000).toISOString().replace(/\.\d{3}Z$/, '+0000');
      expect(res.body.responseObject.timestampExpires).toBe(expected);
      expect((await ns.detail(op.operationId)).timestampExpires).toBe(expected);
      t.clock.advanceSeconds(250); // past the first expiry, within the extended one
      expect((await ns.update(op.operationId, 'SMS_KEY', 'CONFIRMED')).body.responseObject.result).toBe('CONTINUE');
    });

    it('answers a finished operation with its state even after expiry', async () => {
      const op = await ns.create({ operationName: 'login' });
      await ns.update(op.operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: user() });
      await ns.update(op.operationId, 'CONSENT', 'CONFIRMED');
      t.clock.advanceSeconds(400);
      expect(err(await ns.update(op.operationId, 'CONSENT', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_FINISHED',
      });
    });

    it('the expiry job fails expired pending operations and records it', async () => {
      const op = await ns.create(payment);
      const fresh = await ns.create(payment);
      t.clock.advanceSeconds(250);
      await ns.update(fresh.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      t.clock.advanceSeconds(60);
      const job = t.app.get(OperationExpiryJob);
      expect(await job.runOnce()).toBeGreaterThanOrEqual(1);
      const detail = await ns.detail(op.operationId);
      expect(detail.result).toBe('FAILED');
      expect(detail.history.at(-1)).toEqual({
        authMethod: 'INIT',
        requestAuthStepResult: 'AUTH_METHOD_FAILED',
        authResult: 'FAILED',
      });
      expect((await ns.detail(fresh.operationId)).result).toBe('CONTINUE');
      expect(await job.runOnce()).toBe(0);
      expect(err(await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED'))).toEqual({
        status: 400,
        code: 'OPERATION_ALREADY_FAILED',
      });
    });
  });

  describe('pending lists, chosen method and form data (P1–P4, M1, U1–U2)', () => {
    it('lists pending operations in both request shapes', async () => {
      const u = user();
      await ns.post('/user/auth-method', {
        userId: u,
        authMethod: 'POWERAUTH_TOKEN',
        config: { activationId: 'act-p' },
      });
      const a = await ns.create(payment);
      await ns.update(a.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: u });
      t.clock.advanceSeconds(10);
      const b = await ns.create(payment);
      await ns.update(b.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: u });
      const done = await ns.create({ operationName: 'login' });
      await ns.update(done.operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: u });
      await ns.update(done.operationId, 'CONSENT', 'CONFIRMED');
      const other = await ns.create(payment);
      await ns.update(other.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });

      const all = (await ns.post('/user/operation/list', { userId: u, mobileTokenOnly: false })).body.responseObject;
      expect(all.map((o: any) => o.operationId)).toEqual([a.operationId, b.operationId]);
      expect(all[0]).toMatchObject({ steps: [], remainingAttempts: null });
      expect(all[0].history).toHaveLength(2);

      const token = async () =>
        (await ns.post('/user/operation/list', { userId: u, mobileTokenOnly: true })).body.responseObject.map(
          (o: any) => o.operationId,
        );
      expect(await token()).toEqual([]);
      await ns.call('put', '/operation/chosenAuthMethod', {
        operationId: b.operationId,
        chosenAuthMethod: 'POWERAUTH_TOKEN',
      });
      await ns.call('put', '/operation/chosenAuthMethod', { operationId: a.operationId, chosenAuthMethod: 'SMS_KEY' });
      expect(await token()).toEqual([b.operationId]);

      // 0.21 shape: any step where the method was chosen, each operation once
      await ns.update(b.operationId, 'POWERAUTH_TOKEN', 'AUTH_FAILED');
      await ns.call('put', '/operation/chosenAuthMethod', {
        operationId: b.operationId,
        chosenAuthMethod: 'POWERAUTH_TOKEN',
      });
      const legacy = (await ns.post('/user/operation/list', { userId: u, authMethod: 'POWERAUTH_TOKEN' })).body
        .responseObject;
      expect(legacy.map((o: any) => o.operationId)).toEqual([b.operationId]);
      expect(await token()).toEqual([]); // the last step was a failure
      expect(err(await ns.post('/user/operation/list', { mobileTokenOnly: true }))).toEqual({
        status: 400,
        code: 'INVALID_REQUEST',
      });
    });

    it('accepts only a current step as the chosen method', async () => {
      const op = await ns.create(payment);
      await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: user() });
      const choose = (m: string, id = op.operationId) =>
        ns.call('put', '/operation/chosenAuthMethod', { operationId: id, chosenAuthMethod: m });
      expect(err(await choose('CONSENT'))).toEqual({ status: 400, code: 'OPERATION_NOT_VALID' });
      expect(err(await choose('NOPE'))).toEqual({ status: 400, code: 'AUTH_METHOD_NOT_FOUND' });
      expect(err(await choose('SMS_KEY', 'missing'))).toEqual({ status: 400, code: 'OPERATION_NOT_FOUND' });
      expect(
        (
          await ns.post('/operation/chosenAuthMethod/update', {
            operationId: op.operationId,
            chosenAuthMethod: 'SMS_KEY',
          })
        ).status,
      ).toBe(200);
    });

    it('merges userInput, also into an operation created without form data', async () => {
      const op = await ns.create({
        ...payment,
        formData: {
          title: { id: 'operation.title', message: 'Pay' },
          parameters: [{ type: 'NOTE', id: 'operation.note', note: 'Bill' }],
        },
      });
      const put = (userInput: unknown, id = op.operationId) =>
        ns.call('put', '/operation/formData', { operationId: id, formData: { userInput } });
      await put({ 'operation.bankAccountChoice': 'CZ40' });
      await ns.post('/operation/formData/update', {
        operationId: op.operationId,
        formData: { userInput: { k2: 'v' } },
      });
      const form = (await ns.detail(op.operationId)).formData;
      expect(form.userInput).toEqual({ 'operation.bankAccountChoice': 'CZ40', k2: 'v' });
      expect(form.title).toEqual({ id: 'operation.title', message: 'Pay' });
      expect(form.parameters).toEqual([{ type: 'NOTE', id: 'operation.note', note: 'Bill' }]);
      const bare = await ns.create(payment);
      expect((await ns.detail(bare.operationId)).formData).toBeNull();
      await put({ a: 'b' }, bare.operationId);
      expect((await ns.detail(bare.operationId)).formData.userInput).toEqual({ a: 'b' });
      expect(err(await put({ a: 'b' }, 'missing'))).toEqual({ status: 400, code: 'OPERATION_NOT_FOUND' });
      expect(err(await put({ a: 1 }))).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    });
  });

  describe('protocol', () => {
    it('accepts the POST alias of PUT /operation and needs the next-step scope', async () => {
      const op = await ns.create({ operationName: 'login' });
      const res = await ns.post('/operation/update', {
        operationId: op.operationId,
        authMethod: 'USER_ID_ASSIGN',
        authStepResult: 'CONFIRMED',
        userId: 'x',
      });
      expect(res.status).toBe(200);
      const other = await t.createClient(['data-adapter']);
      const denied = await t.http
        .post('/next-step/operation/detail')
        .set('Authorization', t.basic(other.clientId, other.secret))
        .send({ requestObject: { operationId: op.operationId } });
      expect(denied.status).toBe(403);
      expect(denied.body.status).toBe('ERROR');
      const anonymous = await t.http
        .post('/next-step/operation/detail')
        .send({ requestObject: { operationId: op.operationId } });
      expect(anonymous.status).toBe(401);
    });

    it('answers malformed JSON with INVALID_REQUEST, never 500', async () => {
      const res = await t.http
        .post('/next-step/operation')
        .set('Authorization', ns.auth)
        .set('Content-Type', 'application/json')
        .send('{"requestObject":');
      expect(err(res)).toEqual({ status: 400, code: 'INVALID_REQUEST' });
    });
  });
});
