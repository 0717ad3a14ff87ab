import { DataSource } from 'typeorm';
import { RetentionJob } from '@app/core';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { NextStepClient } from './support/next-step-client';

/** Issue 11 §13: rows that only grow are deleted after their kind's retention, by one leased job in batches. */
describe('retention', () => {
  let t: TestApp;
  let ns: NextStepClient;
  const DAY = 24 * 3600;
  const count = async (table: string, where = '1=1') =>
    Number((await t.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0].n);

  beforeAll(async () => {
    t = await startApiServer({ env: { RETENTION_AFS_ACTIONS_DAYS: '7' } });
    ns = await NextStepClient.create(t);
  });
  afterAll(() => t.close());

  it('has a setting per kind with documented defaults', () => {
    expect(t.app.get(RetentionJob).settings()).toEqual({
      OPERATIONS: 90,
      AFS_ACTIONS: 7,
      CONSENTS: 3650,
      NOTIFICATIONS: 90,
      SIMULATED_FAILURES: 1,
      OUTBOX: 30,
    });
  });

  it('deletes finished operations and their history after 90 days, in batches; pending ones stay', async () => {
    const finished: string[] = [];
    for (let i = 0; i < 510; i++) finished.push(`ret-old-${i}`);
    await t.app.get(DataSource).transaction(async (em) => {
      for (const id of finished) {
        await em.insert('ns_operation', {
          operationId: id,
          operationName: 'login',
          operationData: null,
          formData: null,
          userId: null,
          result: 'DONE',
          timestampCreated: t.clock.now(),
          timestampExpires: t.clock.now(),
        });
      }
    });
    const old = await ns.create({ operationName: 'login', operationId: 'ret-canceled' });
    await ns.update(old.operationId, 'USERNAME_PASSWORD_AUTH', 'CANCELED');
    await ns.create({ operationName: 'login', operationId: 'ret-pending' });
    t.clock.advanceSeconds(91 * DAY);
    await ns.create({ operationName: 'login', operationId: 'ret-recent' });
    await ns.update('ret-recent', 'USERNAME_PASSWORD_AUTH', 'CANCELED');

    const deleted = await t.app.get(RetentionJob).runOnce();
    expect(deleted.OPERATIONS).toBe(511);
    expect(await count('ns_operation', "operationId LIKE 'ret-%'")).toBe(2);
    expect(await count('ns_operation_history', "operationId = 'ret-canceled'")).toBe(0);
    expect(await count('ns_operation_history', "operationId = 'ret-recent'")).toBe(2);
    expect((await ns.detail('ret-pending')).result).toBe('CONTINUE');
  });
});
