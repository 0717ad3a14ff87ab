import { DataSource } from 'typeorm';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
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

  beforeAll(async () => {
    t = await startApiServer();
    ns = await NextStepClient.create(t);
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
});
