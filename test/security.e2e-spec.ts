import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

describe('API client authentication and scopes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer();
  });
  afterAll(() => t.close());

  it('answers 401 with a Basic challenge without credentials', async () => {
    const res = await t.http.get('/admin/clients');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHORIZED' });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('challenges with the scheme the route takes: Bearer for users and devices, Basic for API clients', async () => {
    const challenge = async (method: 'get' | 'post', path: string) => {
      const res = await t.http[method](path).set('Content-Type', 'application/json').send('{}');
      expect([path, res.status]).toEqual([path, 401]);
      return res.headers['www-authenticate'];
    };
    expect(await challenge('get', '/v1/twofactor')).toBe('Bearer realm="stepwise"');
    expect(await challenge('get', '/device/v1/approvals')).toBe('Bearer realm="stepwise"');
    expect(await challenge('post', '/v1/twofactor/introspect')).toMatch(/^Basic realm="stepwise"/);
    expect(await challenge('post', '/next-step/operation/detail')).toMatch(/^Basic realm="stepwise"/);
  });

  it('answers 401 for a wrong secret, an unknown client and a malformed header', async () => {
    for (const header of [
      t.basic(t.admin.clientId, 'wrong-secret'),
      t.basic('nobody', 'x'),
      'Basic %%%',
      'Bearer abc',
    ]) {
      const res = await t.http.get('/admin/clients').set('Authorization', header);
      expect(res.status).toBe(401);
    }
  });

  it('lets the bootstrap client (every scope) call admin routes', async () => {
    const res = await t.http.get('/admin/clients').set('Authorization', t.adminAuth());
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { clientId: string }) => c.clientId)).toContain('test-admin');
    expect(res.body.items[0]).not.toHaveProperty('secretHash');
  });

  it('answers 403 to a client without the route scope', async () => {
    const client = await t.createClient(['next-step']);
    const res = await t.http.get('/admin/clients').set('Authorization', t.basic(client.clientId, client.secret));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('creates a client whose secret works, rotates it, disables and re-enables it', async () => {
    const client = await t.createClient(['admin']);
    const auth = t.basic(client.clientId, client.secret);
    expect((await t.http.get(`/admin/clients/${client.clientId}`).set('Authorization', auth)).status).toBe(200);

    const rotated = await t.http.post(`/admin/clients/${client.clientId}/rotate`).set('Authorization', t.adminAuth());
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).toBeDefined();
    expect((await t.http.get('/admin/clients').set('Authorization', auth)).status).toBe(401);
    const newAuth = t.basic(client.clientId, rotated.body.clientSecret);
    expect((await t.http.get('/admin/clients').set('Authorization', newAuth)).status).toBe(200);

    const disabled = await t.http.post(`/admin/clients/${client.clientId}/disable`).set('Authorization', t.adminAuth());
    expect(disabled.body.enabled).toBe(false);
    expect((await t.http.get('/admin/clients').set('Authorization', newAuth)).status).toBe(401);

    await t.http.post(`/admin/clients/${client.clientId}/enable`).set('Authorization', t.adminAuth()).expect(200);
    expect((await t.http.get('/admin/clients').set('Authorization', newAuth)).status).toBe(200);
  });

  it('changes scopes of a client', async () => {
    const client = await t.createClient(['next-step']);
    const auth = t.basic(client.clientId, client.secret);
    expect((await t.http.get('/admin/clients').set('Authorization', auth)).status).toBe(403);
    await t.http
      .put(`/admin/clients/${client.clientId}/scopes`)
      .set('Authorization', t.adminAuth())
      .send({ scopes: ['admin'] })
      .expect(200);
    expect((await t.http.get('/admin/clients').set('Authorization', auth)).status).toBe(200);
  });

  it('rejects an unknown scope and a duplicate client id', async () => {
    const bad = await t.http
      .post('/admin/clients')
      .set('Authorization', t.adminAuth())
      .send({ scopes: ['root'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors[0].path).toBe('scopes');
    const dup = await t.http
      .post('/admin/clients')
      .set('Authorization', t.adminAuth())
      .send({ clientId: 'test-admin', scopes: ['admin'] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CLIENT_ALREADY_EXISTS');
  });

  it('pages the client list', async () => {
    const res = await t.http.get('/admin/clients?page=0&size=1').set('Authorization', t.adminAuth());
    expect(res.body.items).toHaveLength(1);
    expect(res.body.total).toBeGreaterThan(1);
    expect((await t.http.get('/admin/clients?size=1000').set('Authorization', t.adminAuth())).status).toBe(400);
  });

  it('keeps /health public', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body.info.database.status).toBe('up');
  });

  it('never writes a client secret or the Authorization header to the log', () => {
    const text = t.logs.text();
    expect(text).not.toContain(t.admin.secret);
    expect(text).not.toContain(Buffer.from(`${t.admin.clientId}:${t.admin.secret}`).toString('base64'));
    expect(text).toContain('"req":{"method":"GET","url":"/admin/clients"}');
    expect(text).toMatch(/"requestId":"[0-9a-f-]{36}"/);
  });
});
