import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { NextStepClient } from './support/next-step-client';

/**
 * Issue 11 §7–§9, §14–§18: bad input is answered for the request (4xx in the API's dialect),
 * never with a 500. Several of these only failed on MariaDB, whose columns refuse what SQLite keeps.
 */
describe('Hostile input', () => {
  let t: TestApp;
  let ns: NextStepClient;
  let n = 0;
  const opId = () => `hostile-${++n}`;
  const admin = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
    t.http[method](path).set('Authorization', t.adminAuth());
  const nsCode = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.responseObject?.code });
  const createUser = async (userId: string, username = `u-${userId}`) =>
    admin('post', '/admin/users').send({
      userId,
      username,
      password: 'correct-password',
      givenName: 'Jo',
      familyName: 'Doe',
      organizationId: 'RETAIL',
      phoneNumber: '+420777000111',
      email: null,
      language: 'en',
    });

  const ns0 = () => ns.auth;

  beforeAll(async () => {
    t = await startApiServer();
    ns = await NextStepClient.create(t);
  });
  afterAll(() => t.close());

  describe('§7 limits are the column sizes; duplicates are 409', () => {
    it('a cancel reason that would overflow the result column once prefixed is refused', async () => {
      const fits = opId();
      await ns.create({ operationName: 'login', operationId: fits });
      const longest = await ns.update(fits, 'USERNAME_PASSWORD_AUTH', 'CANCELED', {
        authStepResultDescription: 'X'.repeat(247),
      });
      expect(longest.status).toBe(200);
      expect((await ns.detail(fits)).result).toBe('FAILED');
      const overflowing = opId();
      await ns.create({ operationName: 'login', operationId: overflowing });
      const res = await ns.update(overflowing, 'USERNAME_PASSWORD_AUTH', 'CANCELED', {
        authStepResultDescription: 'X'.repeat(250),
      });
      expect(nsCode(res)).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      expect((await ns.detail(overflowing)).result).toBe('CONTINUE');
    });

    it('merged user input beyond the TEXT column is refused, not lost in a 500', async () => {
      const operationId = opId();
      await ns.create({ operationName: 'login', operationId });
      const input = (prefix: string) =>
        Object.fromEntries(Array.from({ length: 55 }, (_, i) => [`${prefix}${i}`, 'v'.repeat(1000)]));
      const first = await ns.call('put', '/operation/formData', { operationId, formData: { userInput: input('a') } });
      expect(first.status).toBe(200);
      const second = await ns.call('put', '/operation/formData', { operationId, formData: { userInput: input('b') } });
      expect(nsCode(second)).toEqual({ status: 400, code: 'INVALID_REQUEST' });
      expect(Object.keys((await ns.detail(operationId)).formData.userInput)).toHaveLength(55);
    });

    it('an int beyond the column is refused', async () => {
      const res = await admin('put', '/admin/next-step/auth-methods/HUGE_ORDER').send({
        orderNumber: 99999999999,
        checkUserPrefs: false,
        checkAuthFails: false,
        hasUserInterface: false,
      });
      expect(res.status).toBe(400);
    });

    it('parallel creates of one bank account: one 201, the rest 409', async () => {
      expect((await createUser('acct0001')).status).toBe(201);
      const account = {
        accountId: 'CZ4012340000000012345678',
        accountNumber: '12345678/1234',
        accountName: 'Current',
        balance: '100.00',
        currency: 'CZK',
        usableForPayment: true,
      };
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () => admin('post', '/admin/users/acct0001/accounts').send(account)),
      ).then((all) => all.map((r) => r.status).sort());
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    });
  });

  describe('§14 optional is not nullable', () => {
    const rule = { name: 'r', priority: 5, condition: { fact: 'action', op: 'eq', value: 'X' } };
    const outcome = { afsResponseApplied: false, afsLabel: null, smsOtpRequired: true, passwordRequired: true };
    const method = { orderNumber: 50, checkUserPrefs: false, checkAuthFails: false, hasUserInterface: false };
    const config = { templateVersion: 'A', templateId: 1, mobileTokenEnabled: false, mobileTokenMode: '{}' };

    it.each([
      ['post', '/admin/afs/rules', { ...rule, outcome, enabled: null }],
      ['put', '/admin/next-step/operation-configs/nulls', { ...config, afsEnabled: null }],
      ['put', '/admin/next-step/auth-methods/NULLS', { ...method, hasMobileToken: null }],
      ['put', '/admin/next-step/auth-methods/NULLS', { ...method, userPrefsDefault: null }],
    ] as const)('%s %s with a null for a NOT NULL field → 400', async (verb, path, body) => {
      const res = await admin(verb, path).send(body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('PATCH /admin/users: null clears phone and e-mail, and is refused for the others', async () => {
      expect((await createUser('null0001')).status).toBe(201);
      for (const field of ['familyName', 'username', 'givenName', 'language']) {
        expect((await admin('patch', '/admin/users/null0001').send({ [field]: null })).status).toBe(400);
      }
      const cleared = await admin('patch', '/admin/users/null0001').send({ phoneNumber: null, email: null });
      expect(cleared.status).toBe(200);
    });
  });

  describe('§15 parallel enabling of one auth method', () => {
    it('is idempotent: every request succeeds', async () => {
      const userId = `parallel-${Date.now()}`;
      const all = await Promise.all(
        Array.from({ length: 8 }, () =>
          ns.post('/user/auth-method', { userId, authMethod: 'POWERAUTH_TOKEN', config: { activationId: 'a-1' } }),
        ),
      );
      expect(all.map((r) => r.status)).toEqual(Array(8).fill(200));
      const list = await ns.post('/user/auth-method/list', { userId });
      expect(
        list.body.responseObject.userAuthMethods.filter((m: any) => m.authMethod === 'POWERAUTH_TOKEN'),
      ).toHaveLength(1);
    });
  });

  describe('§8 deeply nested JSON', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const send = (path: string, body: string) =>
      t.http.post(path).set('Authorization', t.adminAuth()).set('Content-Type', 'application/json').send(body);

    it('is refused by the body parser with a 400 in the dialect of the mount', async () => {
      const deep = `{"requestObject":{"operationName":"login","formData":${nested(3000)}}}`;
      const ns = await send('/next-step/operation', deep);
      expect(ns.status).toBe(400);
      expect(ns.body).toMatchObject({ status: 'ERROR', responseObject: { code: 'INVALID_REQUEST' } });
      const plain = await send('/admin/users', `{"username":${nested(65)}}`);
      expect(plain.status).toBe(400);
      expect(plain.body.code).toBe('MALFORMED_BODY');
      // brackets inside strings are text, not nesting
      const text = await send('/admin/users', JSON.stringify({ username: '['.repeat(500) }));
      expect(text.body.code).toBe('VALIDATION_FAILED');
      // 64 levels are still parsed (and then validated)
      expect((await send('/admin/users', `{"username":${nested(63)}}`)).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('§9 §16 errors Fastify answers before routing', () => {
    it('a path parameter over 100 characters: 414 in the dialect, without the URL', async () => {
      const long = 'x'.repeat(101);
      const res = await admin('get', `/admin/users/${long}`);
      expect(res.status).toBe(414);
      expect(res.body).toMatchObject({ code: 'URI_TOO_LONG', requestId: res.headers['x-request-id'] });
      expect(JSON.stringify(res.body)).not.toContain(long);
      const ok = await admin('get', `/admin/users/${'x'.repeat(100)}`);
      expect(ok.status).toBe(404);
    });

    it('invalid percent-encoding: 400 in the dialect, with request id, logged', async () => {
      const res = await ns.post('/operation/detail%zz', { operationId: 'x' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'ERROR', responseObject: { errorId: res.headers['x-request-id'] } });
      expect(JSON.stringify(res.body)).not.toContain('%zz');
      expect(t.logs.entries().some((e) => e.requestId === res.headers['x-request-id'])).toBe(true);
    });

    it('headers over 16 KiB: 431 in the dialect, with request id, logged, and Connection: close', async () => {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            `POST /next-step/operation HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n` +
              `X-Filler: ${'a'.repeat(20_000)}\r\n\r\n`,
          );
        });
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 431 /);
      expect(head).toMatch(/\r\nConnection: close/i);
      const requestId = /\r\nX-Request-Id: ([^\r]+)/i.exec(head)![1];
      expect(JSON.parse(body)).toMatchObject({
        status: 'ERROR',
        responseObject: { code: 'HEADERS_TOO_LARGE', errorId: requestId },
      });
      expect(t.logs.entries().some((e) => e.requestId === requestId)).toBe(true);
    });
  });

  describe('§17 validation error lists are capped', () => {
    it('lists 20 errors and counts the rest', async () => {
      const res = await admin('post', '/admin/afs/rules').send(
        Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x${i}`, {}]).concat([['name', 5]])),
      );
      expect(res.status).toBe(400);
      const ns = await t.http
        .post('/next-step/operation')
        .set('Authorization', ns0())
        .send({ requestObject: { operationName: 'login', params: Array.from({ length: 2_000 }, () => ({})) } });
      expect(ns.status).toBe(400);
      expect(ns.body.responseObject.validationErrors).toHaveLength(20);
      expect(ns.body.responseObject.moreErrors).toBeGreaterThan(100);
      expect(JSON.stringify(ns.body).length).toBeLessThan(10_000);
    });
  });

  describe('§18 identifiers compare exactly on every database', () => {
    it('client ids: case and trailing spaces never authenticate another client; Ebank is not ebank', async () => {
      const created = await admin('post', '/admin/clients').send({ clientId: 'fuzz', scopes: ['admin'] });
      expect(created.status).toBe(201);
      const secret = created.body.clientSecret as string;
      const as = (id: string) => admin('get', '/admin/users').set('Authorization', t.basic(id, secret));
      expect((await as('fuzz')).status).toBe(200);
      expect((await as('FUZZ')).status).toBe(401);
      expect((await as('fuzz ')).status).toBe(401);
      expect((await admin('post', '/admin/clients').send({ clientId: 'ebank', scopes: ['admin'] })).status).toBe(201);
      expect((await admin('post', '/admin/clients').send({ clientId: 'Ebank', scopes: ['admin'] })).status).toBe(201);
    });

    it('user ids and operation ids: another case is another identity', async () => {
      expect((await createUser('CaseU')).status).toBe(201);
      expect((await admin('get', '/admin/users/caseu')).status).toBe(404);
      expect((await admin('get', '/admin/users/CaseU')).status).toBe(200);
      await ns.create({ operationName: 'login', operationId: 'Op-Case' });
      expect((await ns.post('/operation/detail', { operationId: 'op-case' })).status).toBe(400);
      expect((await ns.post('/operation', { operationName: 'login', operationId: 'OP-CASE' })).status).toBe(200);
    });
  });

  describe('§11 HTTP Basic per RFC 7617', () => {
    it('the password is everything after the first colon; the scheme is the exact first token', async () => {
      const { clientId, secret } = t.admin;
      const as = (authorization: string) => t.http.get('/admin/users').set('Authorization', authorization);
      const b64 = (raw: string) => Buffer.from(raw).toString('base64');
      expect((await as(`basic ${b64(`${clientId}:${secret}`)}`)).status).toBe(200);
      expect((await as(`Basic ${b64(`${clientId}:${secret}:xyz`)}`)).status).toBe(401);
      expect((await as(`XBasicX ${b64(`${clientId}:${secret}`)}`)).status).toBe(401);
    });
  });
});
