import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { ProbeModule } from './support/probe.module';

describe('HTTP conventions: dialects, validation, body limits, failures', () => {
  let t: TestApp;
  let auth: string;

  beforeAll(async () => {
    t = await startApiServer({ extraModules: [ProbeModule] });
    auth = t.adminAuth();
  });
  afterAll(() => t.close());

  describe('envelope dialect (Next Step / Data Adapter)', () => {
    it('wraps results and drops unknown fields', async () => {
      const res = await t.http
        .post('/probe-envelope/echo')
        .set('Authorization', auth)
        .send({ requestObject: { name: 'a', count: 1, extra: 'x' }, alsoExtra: true });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ status: 'OK', responseObject: { name: 'a', count: 1, extraFieldDropped: true } });
    });

    it('answers {"status":"OK"} when there is no payload', async () => {
      const res = await t.http.post('/probe-envelope/nothing').set('Authorization', auth).send({});
      expect(res.body).toEqual({ status: 'OK' });
    });

    it('reports wrong types field by field', async () => {
      const res = await t.http
        .post('/probe-envelope/echo')
        .set('Authorization', auth)
        .send({ requestObject: { name: 12345678901, count: '7' } });
      expect(res.status).toBe(400);
      expect(res.body.status).toBe('ERROR');
      expect(res.body.responseObject.code).toBe('INVALID_REQUEST');
      const paths = res.body.responseObject.validationErrors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['requestObject.name', 'requestObject.count']));
    });

    it('reports a missing requestObject', async () => {
      const res = await t.http.post('/probe-envelope/echo').set('Authorization', auth).send({});
      expect(res.status).toBe(400);
      expect(res.body.responseObject.validationErrors[0].path).toBe('requestObject');
    });

    it('answers malformed JSON with 400 in the envelope', async () => {
      const res = await t.http
        .post('/probe-envelope/echo')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"requestObject": {');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 'ERROR', responseObject: { code: 'INVALID_REQUEST' } });
    });

    it('answers a wrong content type with 415 and an oversized body with 413', async () => {
      const typed = await t.http
        .post('/probe-envelope/echo')
        .set('Authorization', auth)
        .set('Content-Type', 'text/plain')
        .send('hello');
      expect(typed.status).toBe(415);
      expect(typed.body).toMatchObject({ status: 'ERROR', responseObject: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      const big = await t.http
        .post('/probe-envelope/echo')
        .set('Authorization', auth)
        .send({ requestObject: { name: 'x'.repeat(70 * 1024), count: 1 } });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ status: 'ERROR', responseObject: { code: 'PAYLOAD_TOO_LARGE' } });
    });

    it('renders domain errors with their code and details', async () => {
      const res = await t.http.post('/probe-envelope/rule').set('Authorization', auth).send({});
      expect(res.status).toBe(400);
      expect(res.body.responseObject).toMatchObject({
        code: 'OPERATION_NOT_FOUND',
        message: 'Operation not found.',
        remainingAttempts: 2,
      });
    });

    it('answers 401 and 403 in the envelope', async () => {
      expect((await t.http.post('/probe-envelope/nothing').send({})).body).toMatchObject({
        status: 'ERROR',
        responseObject: { code: 'UNAUTHORIZED' },
      });
      const client = await t.createClient(['data-adapter']);
      const res = await t.http
        .post('/probe-envelope/nothing')
        .set('Authorization', t.basic(client.clientId, client.secret))
        .send({});
      expect(res.status).toBe(403);
      expect(res.body.responseObject.code).toBe('FORBIDDEN');
    });

    it('hides an unexpected failure behind an error id, and logs the cause', async () => {
      const res = await t.http.get('/probe-envelope/boom').set('Authorization', auth);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        status: 'ERROR',
        responseObject: { code: 'ERROR_GENERIC', message: 'error.unknown', errorId: res.headers['x-request-id'] },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/hunter2|\.ts:|at /);
      const logged = t.logs.entries().find((e) => e.errorId === res.body.responseObject.errorId);
      expect(logged).toMatchObject({ level: 50, msg: 'Unexpected error' });
    });

    it('answers an unknown path under the mount in its dialect', async () => {
      const res = await t.http.post('/probe-envelope/nowhere').set('Authorization', auth).send({});
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ status: 'ERROR', responseObject: { code: 'NOT_FOUND' } });
    });
  });

  describe('JSON:API dialect (transaction approval)', () => {
    it('lists validation errors with a pointer', async () => {
      const res = await t.http.post('/probe-jsonapi/echo').set('Authorization', auth).send({ name: 'x', count: 500 });
      expect(res.status).toBe(400);
      expect(res.body.meta.type).toBe('jsonapi.metadata.document');
      expect(res.body.errors[0]).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
        source: { pointer: '/count' },
      });
    });

    it('answers 500 with the error id only', async () => {
      const res = await t.http.get('/probe-jsonapi/boom').set('Authorization', auth);
      expect(res.status).toBe(500);
      expect(res.body.errors).toEqual([
        { id: res.headers['x-request-id'], status: 500, code: 'INTERNAL_ERROR', detail: 'Internal error.' },
      ]);
    });
  });

  it('keeps a well-formed caller request id and replaces a bad one', async () => {
    const kept = await t.http.get('/health').set('X-Request-Id', 'bank-req-42');
    expect(kept.headers['x-request-id']).toBe('bank-req-42');
    const replaced = await t.http.get('/health').set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).not.toContain(' ');
  });

  it('sends security headers', async () => {
    const res = await t.http.get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // HSTS only over TLS (startup.e2e-spec): sent over plain HTTP it broke Swagger UI's assets.
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['content-security-policy']).toBeDefined();
  });
});
