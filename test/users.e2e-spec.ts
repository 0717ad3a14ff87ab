import { UserAccountsService, UsersService } from '@app/users';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

const PASSWORD = 'Correct-Horse-42';

describe('user directory: admin API and password lockout', () => {
  let t: TestApp;
  let users: UsersService;
  let seq = 0;

  const admin = () => t.adminAuth();
  const newUser = (overrides: Record<string, unknown> = {}) => ({
    username: `user${++seq}`,
    password: PASSWORD,
    givenName: 'Jana',
    familyName: 'Nováková',
    organizationId: 'RETAIL',
    phoneNumber: '+420777123456',
    email: 'jana@example.com',
    language: 'cs',
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/admin/users').set('Authorization', admin()).send(newUser(overrides));
    expect(res.status).toBe(201);
    return res.body as { userId: string; username: string };
  };

  beforeAll(async () => {
    t = await startApiServer({ env: { USER_LOCK_SECONDS: '600' } });
    users = t.app.get(UsersService);
  });
  afterAll(() => t.close());

  describe('admin API', () => {
    it('creates a user (201 with userId) that the directory finds by username and id', async () => {
      const res = await t.http
        .post('/admin/users')
        .set('Authorization', admin())
        .send(newUser({ username: 'novakova' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        username: 'novakova',
        organizationId: 'RETAIL',
        givenName: 'Jana',
        familyName: 'Nováková',
        accountStatus: 'ACTIVE',
        phoneNumber: '+420777123456',
        email: 'jana@example.com',
        language: 'cs',
        failedAttempts: 0,
        lockedUntil: null,
      });
      expect(res.body.userId).toMatch(/^[0-9a-f]{24}$/);
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('passwordHash');
      expect(await users.findByUsername('RETAIL', 'novakova')).toMatchObject({ userId: res.body.userId });
      expect(await users.findByUsername('DEFAULT', 'novakova')).toBeNull();
      expect(await users.findById(res.body.userId)).toMatchObject({ username: 'novakova', accountStatus: 'ACTIVE' });
      const read = await t.http.get(`/admin/users/${res.body.userId}`).set('Authorization', admin());
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
    });

    it('accepts a bank-chosen userId and defaults language, phone and e-mail', async () => {
      const res = await t.http.post('/admin/users').set('Authorization', admin()).send({
        userId: '12345678',
        username: 'minimal',
        password: PASSWORD,
        givenName: 'A',
        familyName: 'B',
        organizationId: 'DEFAULT',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ userId: '12345678', language: 'en', phoneNumber: null, email: null });
    });

    it('keeps usernames unique per organization', async () => {
      await create({ username: 'twin', organizationId: 'DEFAULT' });
      await create({ username: 'twin', organizationId: 'RETAIL' });
      const res = await t.http
        .post('/admin/users')
        .set('Authorization', admin())
        .send(newUser({ username: 'twin', organizationId: 'DEFAULT' }));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('USERNAME_TAKEN');
    });

    it('rejects invalid input with 400 and the fields concerned', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ phoneNumber: '777123456' }, 'phoneNumber'],
        [{ phoneNumber: '+420 777 123 456' }, 'phoneNumber'],
        [{ email: 'not-an-email' }, 'email'],
        [{ password: 'short' }, 'password'],
        [{ username: '' }, 'username'],
        [{ username: 'x'.repeat(41) }, 'username'],
        [{ language: 'czech' }, 'language'],
        [{ givenName: undefined }, 'givenName'],
        [{ userId: 'x'.repeat(31) }, 'userId'],
      ];
      for (const [overrides, field] of cases) {
        const res = await t.http.post('/admin/users').set('Authorization', admin()).send(newUser(overrides));
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.fieldErrors.map((e: { path: string }) => e.path)).toContain(field);
      }
      const org = await t.http
        .post('/admin/users')
        .set('Authorization', admin())
        .send(newUser({ organizationId: 'NOPE' }));
      expect(org.status).toBe(400);
      expect(org.body.code).toBe('ORGANIZATION_NOT_FOUND');
      const malformed = await t.http
        .post('/admin/users')
        .set('Authorization', admin())
        .set('Content-Type', 'application/json')
        .send('{"username":');
      expect(malformed.status).toBe(400);
    });

    it('needs the admin scope', async () => {
      expect((await t.http.get('/admin/users')).status).toBe(401);
      const client = await t.createClient(['data-adapter']);
      const res = await t.http.get('/admin/users').set('Authorization', t.basic(client.clientId, client.secret));
      expect(res.status).toBe(403);
    });

    it('updates given fields, clears phone and e-mail with null, and 404s for unknown users', async () => {
      const { userId } = await create();
      const res = await t.http
        .patch(`/admin/users/${userId}`)
        .set('Authorization', admin())
        .send({ familyName: 'Svobodová', phoneNumber: null, language: 'en' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        givenName: 'Jana',
        familyName: 'Svobodová',
        phoneNumber: null,
        email: 'jana@example.com',
        language: 'en',
      });
      const bad = await t.http.patch(`/admin/users/${userId}`).set('Authorization', admin()).send({ email: 'nope' });
      expect(bad.status).toBe(400);
      const missing = await t.http
        .patch('/admin/users/unknown')
        .set('Authorization', admin())
        .send({ familyName: 'X' });
      expect(missing.status).toBe(404);
      expect((await t.http.get('/admin/users/unknown').set('Authorization', admin())).status).toBe(404);
    });

    it('pages and searches users', async () => {
      for (const name of ['Pagey', 'Pagey', 'Pagey', 'Pagey', 'Pagey'])
        await create({ familyName: name, organizationId: 'DEFAULT' });
      await create({ familyName: 'Other', email: 'PAGEY@example.com', organizationId: 'DEFAULT' });
      const first = await t.http.get('/admin/users?search=pagey&size=4&page=0').set('Authorization', admin());
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ page: 0, size: 4, total: 6 });
      expect(first.body.items).toHaveLength(4);
      const second = await t.http.get('/admin/users?search=pagey&size=4&page=1').set('Authorization', admin());
      expect(second.body.items).toHaveLength(2);
      const ids = [...first.body.items, ...second.body.items].map((u: { userId: string }) => u.userId);
      expect(new Set(ids).size).toBe(6);
      const retail = await t.http.get('/admin/users?search=pagey&organizationId=RETAIL').set('Authorization', admin());
      expect(retail.body.total).toBe(0);
      const wildcard = await t.http.get('/admin/users?search=%25').set('Authorization', admin());
      expect(wildcard.body.total).toBe(0);
      const badPage = await t.http.get('/admin/users?size=1000').set('Authorization', admin());
      expect(badPage.status).toBe(400);
      const badStatus = await t.http.get('/admin/users?accountStatus=GONE').set('Authorization', admin());
      expect(badStatus.status).toBe(400);
    });

    it('lists the seeded organizations', async () => {
      const res = await t.http.get('/admin/organizations').set('Authorization', admin());
      expect(res.body.map((o: { organizationId: string }) => o.organizationId)).toEqual(['DEFAULT', 'RETAIL']);
    });
  });

  describe('password check and lockout', () => {
    it('accepts the right password and answers INVALID with remaining attempts otherwise', async () => {
      const { userId } = await create();
      expect(await users.verifyPassword(userId, PASSWORD)).toMatchObject({ result: 'VALID', user: { userId } });
      expect(await users.verifyPassword(userId, 'wrong')).toEqual({ result: 'INVALID', remainingAttempts: 4 });
      expect(await users.verifyPassword(userId, 'wrong')).toEqual({ result: 'INVALID', remainingAttempts: 3 });
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('VALID'); // success resets
      expect(await users.verifyPassword(userId, 'wrong')).toEqual({ result: 'INVALID', remainingAttempts: 4 });
    });

    it('locks after 5 consecutive failures, even for the right password, until the lock time passed', async () => {
      const { userId } = await create();
      for (let i = 4; i >= 1; i--) {
        expect(await users.verifyPassword(userId, 'wrong')).toEqual({ result: 'INVALID', remainingAttempts: i });
      }
      const locked = await users.verifyPassword(userId, 'wrong');
      expect(locked).toEqual({ result: 'LOCKED', lockedUntil: new Date(t.clock.now().getTime() + 600_000) });
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('LOCKED');
      const view = await t.http.get(`/admin/users/${userId}`).set('Authorization', admin());
      expect(view.body).toMatchObject({
        failedAttempts: 5,
        lockedUntil: new Date(t.clock.now().getTime() + 600_000).toISOString(),
      });

      t.clock.advanceSeconds(599);
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('LOCKED');
      t.clock.advanceSeconds(1);
      expect((await users.verifyPassword(userId, 'wrong')).result).toBe('INVALID'); // a fresh count
      expect(await users.verifyPassword(userId, 'wrong')).toEqual({ result: 'INVALID', remainingAttempts: 3 });
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('VALID');
    });

    it('counts concurrent failures without losing any', async () => {
      const { userId } = await create();
      const results = await Promise.all(Array.from({ length: 8 }, () => users.verifyPassword(userId, 'wrong')));
      const invalid = results
        .filter((r) => r.result === 'INVALID')
        .map((r) => (r as { remainingAttempts: number }).remainingAttempts);
      expect(invalid.sort()).toEqual([1, 2, 3, 4]);
      expect(results.filter((r) => r.result === 'LOCKED')).toHaveLength(4);
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('LOCKED');
    });

    it('answers NOT_ACTIVE for a blocked user; unblocking and a new password lift the lock', async () => {
      const { userId } = await create();
      const blocked = await t.http.post(`/admin/users/${userId}/block`).set('Authorization', admin());
      expect(blocked.status).toBe(200);
      expect(blocked.body.accountStatus).toBe('NOT_ACTIVE');
      expect(await users.verifyPassword(userId, PASSWORD)).toEqual({ result: 'NOT_ACTIVE' });
      expect((await users.findById(userId))?.accountStatus).toBe('NOT_ACTIVE');
      const blockedList = await t.http.get(`/admin/users?accountStatus=NOT_ACTIVE`).set('Authorization', admin());
      expect(blockedList.body.items.map((u: { userId: string }) => u.userId)).toContain(userId);

      await t.http.post(`/admin/users/${userId}/unblock`).set('Authorization', admin()).expect(200);
      for (let i = 0; i < 5; i++) await users.verifyPassword(userId, 'wrong');
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('LOCKED');
      await t.http
        .put(`/admin/users/${userId}/password`)
        .set('Authorization', admin())
        .send({ password: 'New-Password-7' })
        .expect(204);
      expect((await users.verifyPassword(userId, PASSWORD)).result).toBe('INVALID');
      expect((await users.verifyPassword(userId, 'New-Password-7')).result).toBe('VALID');
      const short = await t.http
        .put(`/admin/users/${userId}/password`)
        .set('Authorization', admin())
        .send({ password: 'x' });
      expect(short.status).toBe(400);
    });

    it('answers an unknown user like a wrong password, counting nothing', async () => {
      expect(await users.verifyPassword('nobody', 'whatever')).toEqual({ result: 'INVALID', remainingAttempts: 5 });
      expect(await users.verifyPassword('x'.repeat(200), 'whatever')).toEqual({
        result: 'INVALID',
        remainingAttempts: 5,
      });
    });
  });

  describe('bank accounts', () => {
    const account = {
      accountId: 'CZ4012340000000012345678',
      accountNumber: '12345678/1234',
      accountName: 'Běžný účet v CZK',
      balance: '24394.52',
      currency: 'CZK',
      usableForPayment: true,
    };

    it('adds, lists, updates and removes accounts of a user', async () => {
      const { userId } = await create();
      const url = `/admin/users/${userId}/accounts`;
      const created = await t.http.post(url).set('Authorization', admin()).send(account);
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ ...account, unusableForPaymentReason: null });
      t.clock.advanceSeconds(1); // listed in the order they were added
      await t.http
        .post(url)
        .set('Authorization', admin())
        .send({
          ...account,
          accountId: 'CZ4011110000000044444444',
          accountNumber: '44444444/1111',
          accountName: 'EUR',
          balance: '1.90',
          currency: 'EUR',
          usableForPayment: false,
          unusableForPaymentReason: 'Low account balance',
        })
        .expect(201);
      expect((await t.http.post(url).set('Authorization', admin()).send(account)).status).toBe(409);

      const accounts = await t.app.get(UserAccountsService).listAccounts(userId);
      expect(accounts.map((a) => [a.accountId, a.balance, a.usableForPayment, a.unusableForPaymentReason])).toEqual([
        ['CZ4012340000000012345678', '24394.52', true, null],
        ['CZ4011110000000044444444', '1.90', false, 'Low account balance'],
      ]);
      const page = await t.http.get(`${url}?size=1`).set('Authorization', admin());
      expect(page.body).toMatchObject({ total: 2, size: 1 });

      const { accountId: _id, ...fields } = account;
      const updated = await t.http
        .put(`${url}/${account.accountId}`)
        .set('Authorization', admin())
        .send({ ...fields, balance: '0.10', usableForPayment: false, unusableForPaymentReason: 'Low account balance' });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        balance: '0.10',
        usableForPayment: false,
        unusableForPaymentReason: 'Low account balance',
      });

      await t.http.delete(`${url}/${account.accountId}`).set('Authorization', admin()).expect(204);
      expect((await t.http.get(`${url}/${account.accountId}`).set('Authorization', admin())).status).toBe(404);
      expect(await t.app.get(UserAccountsService).listAccounts(userId)).toHaveLength(1);
    });

    it('validates accounts and needs an existing user', async () => {
      const { userId } = await create();
      const url = `/admin/users/${userId}/accounts`;
      for (const bad of [
        { balance: 24394.52 },
        { balance: '1e5' },
        { currency: 'czk' },
        { accountId: 'a b' },
        { usableForPayment: 'yes' },
      ]) {
        const res = await t.http
          .post(url)
          .set('Authorization', admin())
          .send({ ...account, ...bad });
        expect(res.status).toBe(400);
      }
      expect(
        (await t.http.post('/admin/users/unknown/accounts').set('Authorization', admin()).send(account)).status,
      ).toBe(404);
      expect(await t.app.get(UserAccountsService).listAccounts('unknown')).toEqual([]);
    });
  });

  it('never logs a password', async () => {
    const log = t.logs.text();
    for (const secret of [PASSWORD, 'New-Password-7', 'wrong']) expect(log).not.toContain(secret);
    expect(log).toContain('User created');
  });
});
