import { DataSource } from 'typeorm';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { NextStepClient } from './support/next-step-client';

/**
 * Concurrent updates of one operation serialize on its row lock: no update is lost, history
 * sequence numbers stay gap-free, and the failure counting sees every earlier attempt.
 * (On MariaDB this exercises real SELECT … FOR UPDATE locks.)
 */
describe('Next Step concurrency', () => {
  let t: TestApp;
  let ns: NextStepClient;

  beforeAll(async () => {
    t = await startApiServer();
    ns = await NextStepClient.create(t);
  });
  afterAll(() => t.close());

  it('20 concurrent PUT /operation on one operation', async () => {
    const op = await ns.create({ operationName: 'authorize_payment', operationData: 'A1*A100CZK' });
    await ns.update(op.operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: 'racer' });

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ns.update(op.operationId, 'SMS_KEY', 'AUTH_FAILED')),
    );
    const accepted = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status !== 200);
    // max 5 failures: four CONTINUE, the fifth fails the method, the rest find a FAILED operation
    expect(accepted.map((r) => r.body.responseObject.result).sort()).toEqual([
      'CONTINUE',
      'CONTINUE',
      'CONTINUE',
      'CONTINUE',
      'FAILED',
    ]);
    expect(refused.map((r) => [r.status, r.body.responseObject.code])).toEqual(
      Array(15).fill([400, 'OPERATION_ALREADY_FAILED']),
    );

    const detail = await ns.detail(op.operationId);
    expect(detail.history).toHaveLength(2 + accepted.length);
    expect(detail.history.slice(2).map((h: any) => `${h.requestAuthStepResult}→${h.authResult}`)).toEqual([
      'AUTH_FAILED→CONTINUE',
      'AUTH_FAILED→CONTINUE',
      'AUTH_FAILED→CONTINUE',
      'AUTH_FAILED→CONTINUE',
      'AUTH_METHOD_FAILED→FAILED',
    ]);
    expect(detail).toMatchObject({ result: 'FAILED', remainingAttempts: 0, userId: 'racer' });
    const rows: Array<{ resultId: number | string }> = await t.app
      .get(DataSource)
      .query('SELECT resultId FROM ns_operation_history WHERE operationId = ? ORDER BY resultId', [op.operationId]);
    expect(rows.map((r) => Number(r.resultId))).toEqual([1, 2, 3, 4, 5, 6, 7]); // gap-free, one row per accepted update
  });

  it('20 concurrent confirmations: exactly one moves the operation on', async () => {
    const op = await ns.create({ operationName: 'login' });
    await ns.update(op.operationId, 'USER_ID_ASSIGN', 'CONFIRMED', { userId: 'racer' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ns.update(op.operationId, 'CONSENT', 'CONFIRMED')),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.body.responseObject?.code === 'OPERATION_ALREADY_FINISHED')).toHaveLength(19);
    const detail = await ns.detail(op.operationId);
    expect(detail.history).toHaveLength(3);
    expect(detail.result).toBe('DONE');
  });

  it('concurrent creates with one id: one wins, the others get OPERATION_ALREADY_EXISTS', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => ns.post('/operation', { operationName: 'login', operationId: 'same-id' })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.body.responseObject?.code === 'OPERATION_ALREADY_EXISTS')).toHaveLength(9);
  });
});
