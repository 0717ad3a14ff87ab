import { TestApp } from '@app/testing';
import seed from './fixtures/next-step-seed.json';
import { startApiServer } from './support/api-server';
import { NextStepClient, methods } from './support/next-step-client';

/**
 * Replays every request/response document of the Next Step seed (004_…): the same requests,
 * and the answers compared field by field. Ids and timestamps are the server's own; where we
 * follow the spec's recommendation over the 0.21 document, the test says so.
 */
type Json = Record<string, any>;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;
const VOLATILE = new Set(['operationId', 'timestampCreated', 'timestampExpires', 'timestamp', 'buildTime', 'version']);

/** Every field of `expected` is in `actual` with the same value (volatile fields: same presence and type). */
function expectFieldByField(actual: any, expected: any, path = 'responseObject'): void {
  if (Array.isArray(expected)) {
    expect({ path, length: actual?.length }).toEqual({ path, length: expected.length });
    expected.forEach((item, i) => expectFieldByField(actual[i], item, `${path}.${i}`));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect({ path, type: typeof actual }).toEqual({ path, type: 'object' });
    for (const key of Object.keys(expected)) {
      expect({ path, key, present: key in actual }).toEqual({ path, key, present: true });
      if (VOLATILE.has(key)) expect(typeof actual[key]).toBe(typeof expected[key]);
      else expectFieldByField(actual[key], expected[key], `${path}.${key}`);
    }
    return;
  }
  expect({ path, value: actual }).toEqual({ path, value: expected });
}

/** The seed's method lists are the 0.21 catalogue (6 methods); ours has more, in the same order. */
const onlySeedMethods = (items: Json[], seedItems: Json[]) =>
  items.filter((i) => seedItems.some((s) => s.authMethod === i.authMethod));

describe('Next Step seed replay (004)', () => {
  let t: TestApp;
  let ns: NextStepClient;

  beforeAll(async () => {
    t = await startApiServer();
    ns = await NextStepClient.create(t);
  });
  afterAll(() => t.close());

  it('GET /api/service/status', async () => {
    const res = await t.http.get('/next-step/api/service/status');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('OK');
    const expected = { ...seed.statusResponse.responseObject } as Json;
    delete expected.applicationDisplayName; // ours names stepwise
    delete expected.applicationEnvironment; // NODE_ENV of this deployment
    expectFieldByField(res.body.responseObject, expected);
    expect(res.body.responseObject.timestamp).toMatch(TIMESTAMP);
    expect(res.body.responseObject.buildTime).toMatch(TIMESTAMP);
  });

  it('POST /auth-method/list', async () => {
    const res = await ns.post('/auth-method/list', seed.authMethodListRequest.requestObject);
    expect(res.status).toBe(200);
    const expected = seed.authMethodListResponse.responseObject.authMethods;
    expectFieldByField(onlySeedMethods(res.body.responseObject.authMethods, expected), expected);
  });

  it('POST /user/auth-method (enable POWERAUTH_TOKEN with activationId), then /user/auth-method/list', async () => {
    const enabled = await ns.post('/user/auth-method', seed.enableTokenRequest.requestObject);
    expect(enabled.status).toBe(200);
    const expected = seed.enableResponse.responseObject.userAuthMethods;
    expectFieldByField(onlySeedMethods(enabled.body.responseObject.userAuthMethods, expected), expected);

    const listed = await ns.post('/user/auth-method/list', seed.userAuthMethodListRequest.requestObject);
    expect(listed.status).toBe(200);
    const listExpected = seed.userAuthMethodListResponse.responseObject.userAuthMethods;
    expectFieldByField(onlySeedMethods(listed.body.responseObject.userAuthMethods, listExpected), listExpected);
  });

  it('POST /user/auth-method for a method without preferences (SMS_KEY, config null) is accepted', async () => {
    const res = await ns.post('/user/auth-method', seed.enableSmsRequest.requestObject);
    expect(res.status).toBe(200);
    const sms = res.body.responseObject.userAuthMethods.find((m: Json) => m.authMethod === 'SMS_KEY');
    expect(sms).toMatchObject({ userId: 'roman', config: null });
  });

  it('DELETE /user/auth-method', async () => {
    const res = await ns.call('delete', '/user/auth-method', seed.disableRequest.requestObject);
    expect(res.status).toBe(200);
    const expected = seed.disableResponse.responseObject.userAuthMethods;
    expectFieldByField(onlySeedMethods(res.body.responseObject.userAuthMethods, expected), expected);
  });

  it('POST /operation (create, generated id)', async () => {
    const res = await ns.post('/operation', seed.createRequest.requestObject);
    expect(res.status).toBe(200);
    const body = res.body.responseObject;
    // recommendation §2.17.7: the operation data is echoed (the 0.21 document shows null)
    const expected = {
      ...seed.createResponse.responseObject,
      operationData: seed.createRequest.requestObject.operationData,
    };
    expectFieldByField(body, expected);
    expect(body.operationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(
      Date.parse(body.timestampExpires.replace('+0000', 'Z')) - Date.parse(body.timestampCreated.replace('+0000', 'Z')),
    ).toBe(300_000);
  });

  describe('operation 4e02b39b-…: update, detail, form data, chosen method, pending list', () => {
    const operationId = seed.updateRequest.requestObject.operationId;

    beforeAll(async () => {
      await ns.create({ ...seed.createRequest.requestObject, operationId });
    });

    it('PUT /operation', async () => {
      const res = await ns.call('put', '/operation', seed.updateRequest.requestObject);
      expect(res.status).toBe(200);
      expectFieldByField(res.body.responseObject, seed.updateResponse.responseObject);
    });

    it('PUT /operation/formData', async () => {
      const res = await ns.call('put', '/operation/formData', { operationId, ...seed.formDataUpdateRequest });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'OK' }); // the document's "responseObject": null is the same answer
    });

    it('POST /operation/detail', async () => {
      const res = await ns.post('/operation/detail', seed.detailRequest.requestObject);
      expect(res.status).toBe(200);
      const expected = {
        ...seed.detailResponse.responseObject,
        // the document shows a later moment; these three follow in the next tests
        chosenAuthMethod: null,
        remainingAttempts: 5,
        expired: false,
        // the seed's userInput example, merged by the formData update above
        formData: {
          ...seed.detailResponse.responseObject.formData,
          userInput: { 'operation.bankAccountChoice': 'CZ4012340000000012345678' },
        },
      };
      expectFieldByField(res.body.responseObject, expected);
    });

    it('PUT /operation/chosenAuthMethod and two wrong codes give the documented detail', async () => {
      await ns.call('put', '/operation/formData', {
        operationId,
        formData: { userInput: { 'operation.bankAccountChoice.disabled': 'true' } },
      });
      for (let i = 0; i < 2; i++) expect((await ns.update(operationId, 'SMS_KEY', 'AUTH_FAILED')).status).toBe(200);
      const chosen = await ns.call('put', '/operation/chosenAuthMethod', { operationId, chosenAuthMethod: 'SMS_KEY' });
      expect(chosen.body).toEqual({ status: 'OK' });
      t.clock.advanceSeconds(301);
      const res = await ns.post('/operation/detail', seed.detailRequest.requestObject);
      const expected = {
        ...seed.detailResponse.responseObject,
        history: [
          ...seed.detailResponse.responseObject.history,
          { authMethod: 'SMS_KEY', authResult: 'CONTINUE', requestAuthStepResult: 'AUTH_FAILED' },
          { authMethod: 'SMS_KEY', authResult: 'CONTINUE', requestAuthStepResult: 'AUTH_FAILED' },
        ],
      };
      expectFieldByField(res.body.responseObject, expected);
    });
  });

  it('PUT /operation/chosenAuthMethod (POWERAUTH_TOKEN) and POST /user/operation/list {userId, authMethod}', async () => {
    await ns.post('/user/auth-method', seed.enableTokenRequest.requestObject);
    const operationId = seed.chosenAuthMethodRequest.requestObject.operationId;
    await ns.create({ ...seed.createRequest.requestObject, operationId });
    const login = await ns.update(operationId, 'USERNAME_PASSWORD_AUTH', 'CONFIRMED', { userId: 'roman' });
    expect(methods(login.body.responseObject.steps)).toEqual(['POWERAUTH_TOKEN', 'SMS_KEY']);
    const chosen = await ns.call('put', '/operation/chosenAuthMethod', seed.chosenAuthMethodRequest.requestObject);
    expect(chosen.status).toBe(200);
    expect(chosen.body).toEqual({ status: 'OK' });
    await ns.call('put', '/operation/formData', {
      operationId,
      formData: { userInput: seed.pendingResponse.responseObject[0].formData.userInput },
    });
    // a wrong token code starts a new step (chosen method null again), as in the document
    await ns.update(operationId, 'POWERAUTH_TOKEN', 'AUTH_FAILED');

    const res = await ns.post('/user/operation/list', seed.pendingRequest.requestObject);
    expect(res.status).toBe(200);
    const [expected] = seed.pendingResponse.responseObject;
    const title = (id: string) => ({ id, message: null }); // the 0.21 document writes "value"
    expectFieldByField(res.body.responseObject, [
      {
        ...expected,
        operationData: seed.createRequest.requestObject.operationData,
        // 0.22+ lists carry the history (the 0.21 document shows it empty)
        history: [
          { authMethod: 'INIT', authResult: 'CONTINUE', requestAuthStepResult: 'CONFIRMED' },
          { authMethod: 'USERNAME_PASSWORD_AUTH', authResult: 'CONTINUE', requestAuthStepResult: 'CONFIRMED' },
          { authMethod: 'POWERAUTH_TOKEN', authResult: 'CONTINUE', requestAuthStepResult: 'AUTH_FAILED' },
        ],
        formData: {
          ...expected.formData,
          title: title('operation.title'),
          greeting: title('operation.greeting'),
          summary: title('operation.summary'),
          parameters: seed.createRequest.requestObject.formData.parameters,
        },
      },
    ]);
  });

  it('answers errors in the documented envelope', async () => {
    const res = await ns.post('/operation/detail', { operationId: 'no-such-operation' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(Object.keys(seed.errorExample));
    expect(res.body.responseObject).toMatchObject({ code: 'OPERATION_NOT_FOUND', message: 'Operation not found.' });
  });
});
