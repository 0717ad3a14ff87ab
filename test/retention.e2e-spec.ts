import { DataSource } from 'typeorm';
import { RetentionJob } from '@app/core';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { CHOSEN_ACCOUNT, SEED_CONSENT_OPTIONS, SEED_USER, seedContext } from './support/data-adapter-seed';
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

  it('deletes notifications, anti-fraud actions, consents, finished outbox rows and simulated failures after their days', async () => {
    const client = await t.createClient(['data-adapter']);
    const post = (path: string, requestObject: unknown) =>
      t.http
        .post(`/data-adapter/api${path}`)
        .set('Authorization', t.basic(client.clientId, client.secret))
        .send({ requestObject });
    await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        ...SEED_USER,
        password: 'Correct-Horse-42',
        givenName: 'J',
        familyName: 'D',
        phoneNumber: '+420777123456',
      })
      .expect(201);
    // One row of every kind, through the API that writes it.
    const writeOneOfEach = async (id: string) => {
      const user = { userId: SEED_USER.userId, organizationId: 'RETAIL' };
      const context = seedContext(id, CHOSEN_ACCOUNT);
      expect(
        (await post('/operation/change', { ...user, operationContext: context, operationChange: 'DONE' })).status,
      ).toBe(200);
      const afsRequestParameters = { afsType: 'THREAT_MARK', afsAction: 'APPROVAL_INIT', stepIndex: 1 };
      expect(
        (await post('/afs/action/execute', { ...user, operationContext: context, afsRequestParameters })).status,
      ).toBe(200);
      const options = SEED_CONSENT_OPTIONS.map((o) => ({ ...o, value: 'CHECKED' }));
      expect((await post('/auth/consent/save', { ...user, operationContext: context, options })).status).toBe(200);
      const sms = await post('/auth/sms/create', {
        ...user,
        accountStatus: 'ACTIVE',
        operationContext: context,
        lang: 'en',
      });
      expect(sms.body.responseObject.smsDeliveryResult).toBe('SUCCEEDED');
      const unknown = { userId: `nobody-${id}`, organizationId: 'RETAIL', operationContext: context, password: 'x' };
      expect((await post('/auth/user/authenticate', unknown)).status).toBe(200);
    };
    const kinds = [
      ['NOTIFICATIONS', 'da_operation_notification', 90],
      ['AFS_ACTIONS', 'afs_action', 7],
      ['CONSENTS', 'consent_record', 3650],
      ['OUTBOX', 'outbox_message', 30],
      ['SIMULATED_FAILURES', 'da_simulated_failure', 1],
    ] as const;
    const db = t.app.get(DataSource);
    for (const [kind, table, days] of kinds) {
      for (const [, other] of kinds) await db.query(`DELETE FROM ${other}`);
      await writeOneOfEach(`ret-${kind}-old`);
      expect([kind, await count(table)]).toEqual([kind, 1]);
      // A day short of the retention the row stays; a day past it, it goes, and a newer row stays.
      t.clock.advanceSeconds((days - 1) * DAY);
      expect([kind, (await t.app.get(RetentionJob).runOnce())[kind]]).toEqual([kind, 0]);
      t.clock.advanceSeconds(2 * DAY);
      await writeOneOfEach(`ret-${kind}-new`);
      expect([kind, (await t.app.get(RetentionJob).runOnce())[kind]]).toEqual([kind, 1]);
      expect([kind, await count(table)]).toEqual([kind, 1]);
    }
  });
});
