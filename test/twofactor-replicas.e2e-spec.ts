import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScratchDatabase, createScratchMysqlDatabase } from '@app/core';
import { FakeClock, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { TFA_HEADER, bearer, codeIn, createBackOfficeUser, createRole, login } from './support/twofactor-client';

/**
 * Two API servers on one database, as two replicas behind a load balancer: a settings change and
 * a token revocation made through one apply on the other with its next request (no process cache).
 */
describe('/v1 across replicas: settings and revocation apply everywhere at once', () => {
  let a: TestApp;
  let b: TestApp;
  let scratch: ScratchDatabase | null = null;
  let dir: string | null = null;
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    let url: string;
    if (process.env.TEST_DATABASE_URL?.startsWith('mysql')) {
      scratch = await createScratchMysqlDatabase(process.env.TEST_DATABASE_URL);
      url = scratch.url;
    } else {
      dir = mkdtempSync(join(tmpdir(), 'stepwise-replicas-'));
      url = `sqlite:${join(dir, 'shared.sqlite')}`;
    }
    a = await startApiServer({ clock, env: { DATABASE_URL: url } });
    b = await startApiServer({ clock, env: { DATABASE_URL: url, BOOTSTRAP_CLIENT_SECRET: a.admin.secret } });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await scratch?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lastCode = async (t: TestApp, email: string) => {
    // Both replicas share the bootstrap client (B re-applied A's secret at its start).
    const res = await t.http.get('/admin/dev-outbox?channel=EMAIL&size=100').set('Authorization', a.adminAuth());
    const mine = (res.body.items as Array<{ recipient: string; text: string; createdAt: string }>)
      .filter((m) => m.recipient === email)
      .sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    return codeIn(mine.at(-1)!.text);
  };

  it('uses a setting changed on one replica on the other, and refuses a token revoked on the other', async () => {
    const configRole = await createRole(a, ['TWOFACTOR_CONFIG']);
    const user = await createBackOfficeUser(a, ['BACK_OFFICE', configRole]);
    const onA = await login(a, user);
    await a.http.post('/v1/twofactor').set('Authorization', bearer(onA)).send({ deliveryMethod: 'EMAIL' });
    const validate = await a.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(onA))
      .send({ deliveryMethod: 'EMAIL', token: await lastCode(a, user.email!) });
    const token = validate.body.token as string;
    const changed = await a.http
      .put('/v1/twofactor/configure')
      .set('Authorization', bearer(onA))
      .set(TFA_HEADER, token)
      .send({ 'otp-token-length': 9 });
    expect(changed.status).toBe(200);

    const onB = await login(b, user);
    clock.advanceSeconds(31);
    expect(
      (await b.http.post('/v1/twofactor').set('Authorization', bearer(onB)).send({ deliveryMethod: 'EMAIL' })).status,
    ).toBe(200);
    expect(await lastCode(b, user.email!)).toMatch(/^[0-9A-Z]{9}$/);
    const read = await b.http.get('/v1/twofactor/configure').set('Authorization', bearer(onB)).set(TFA_HEADER, token);
    expect(read.body['otp-token-length']).toBe(9);

    const out = await a.http.post('/v1/twofactor/invalidate').set('Authorization', bearer(onA)).send({ token });
    expect(out.status).toBe(200);
    const after = await b.http.get('/v1/twofactor/configure').set('Authorization', bearer(onB)).set(TFA_HEADER, token);
    expect(after.status).toBe(401);
    expect(after.body.userMessageGlobalisationCode).toBe('error.msg.twofactor.token.invalid');
  });
});
