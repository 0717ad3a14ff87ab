import { FakeClock, SmtpSink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { BackOfficeUser, bearer, codeIn, createBackOfficeUser, createRole, login } from './support/twofactor-client';

/**
 * The directory's lockout through /v1 at its default (USER_MAX_FAILED_ATTEMPTS=5): consecutive
 * failures of either factor count together, and only a completed authentication resets them.
 */
describe('/v1 lockout: wrong passwords and wrong codes, 5 consecutive failures', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const clock = new FakeClock('2026-03-02T09:00:00.000Z');

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    t = await startApiServer({ clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'stepwise@bank.example' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(() => clock.advanceSeconds(3600));

  const authenticate = (user: BackOfficeUser, password = user.password) =>
    t.http.post('/v1/authentication').send({ username: user.username, password });
  const requestCode = async (user: BackOfficeUser, session: string) => {
    const res = await t.http
      .post('/v1/twofactor')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL' });
    expect(res.status).toBe(200);
    return codeIn(smtp.messages.filter((m) => m.to.includes(user.email!)).at(-1)!.text);
  };
  const validate = (session: string, code: string) =>
    t.http
      .post('/v1/twofactor/validate')
      .set('Authorization', bearer(session))
      .send({ deliveryMethod: 'EMAIL', token: code });
  const wrongFor = (code: string) => (code === '222222' ? '333333' : '222222');
  const locks = async (userId: string) => {
    const res = await t.http
      .get(`/admin/audit-events?userId=${userId}&type=user.locked`)
      .set('Authorization', t.adminAuth());
    return res.body.items as Array<{ data: Record<string, unknown> }>;
  };

  it('does not let a login reset the count of wrong codes: the 5th consecutive failure locks', async () => {
    const user = await createBackOfficeUser(t, ['BACK_OFFICE']);
    const session = await login(t, user);
    const code = await requestCode(user, session);
    for (let i = 0; i < 4; i++) expect((await validate(session, wrongFor(code))).status).toBe(403);
    const again = await login(t, user); // right password: the first factor only
    clock.advanceSeconds(31);
    const fresh = await requestCode(user, again);
    expect(await locks(user.userId)).toEqual([]);
    expect((await validate(again, wrongFor(fresh))).status).toBe(403); // 5th consecutive failure
    expect(await locks(user.userId)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ factor: 'EMAIL', failures: 5 }) }),
    ]);
    expect((await t.http.get('/v1/twofactor').set('Authorization', bearer(again))).status).toBe(401);
    expect((await validate(again, fresh)).status).toBe(401); // the right code does not help: sessions ended
    expect((await authenticate(user)).status).toBe(401);
  });

  it('resets the count on a passed second factor, and on login for a BYPASS_TWOFACTOR holder', async () => {
    const user = await createBackOfficeUser(t, ['BACK_OFFICE']);
    const session = await login(t, user);
    const code = await requestCode(user, session);
    for (let i = 0; i < 4; i++) expect((await validate(session, wrongFor(code))).status).toBe(403);
    expect((await validate(session, code)).status).toBe(200); // second factor passed: count reset
    clock.advanceSeconds(31);
    const next = await requestCode(user, session);
    for (let i = 0; i < 4; i++) expect((await validate(session, wrongFor(next))).status).toBe(403);
    expect(await locks(user.userId)).toEqual([]);

    const bypass = await createBackOfficeUser(t, [await createRole(t, ['BYPASS_TWOFACTOR'])]);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await authenticate(bypass, 'wrong-password')).status).toBe(401);
      expect((await authenticate(bypass)).status).toBe(200); // the whole authentication for this user
    }
    expect(await locks(bypass.userId)).toEqual([]);
  });

  it('locks after 5 wrong passwords; the right password is refused while locked', async () => {
    const user = await createBackOfficeUser(t, ['BACK_OFFICE']);
    for (let i = 0; i < 5; i++) {
      const res = await authenticate(user, 'Wrong-Horse-41');
      expect(res.status).toBe(401);
      expect(res.body.userMessageGlobalisationCode).toBe('error.msg.not.authenticated');
    }
    const locked = await authenticate(user);
    expect(locked.status).toBe(401);
    expect(locked.body.developerMessage).toBe('Invalid username or password.'); // as a wrong password
    expect(await locks(user.userId)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ factor: 'PASSWORD', failures: 5 }) }),
    ]);
    clock.advanceSeconds(900); // USER_LOCK_SECONDS
    expect((await authenticate(user)).status).toBe(200);
  });
});
