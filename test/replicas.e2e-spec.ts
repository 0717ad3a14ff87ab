import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { API_CLIENT_CACHE_MS, ApiClientsService, AppConfig, Transactions } from '@app/core';
import { ApprovalProofs } from '@app/devices';
import { LogCapture, TestApp } from '@app/testing';
import { createApiServer } from '../src/bootstrap';
import { startApiServer } from './support/api-server';

/**
 * Two instances of the server on one database, as two replicas behind a load balancer: what
 * one of them caches (configuration, API-client authentications) must follow changes made
 * through the other — configuration at the next request, API clients within 1 s.
 */
describe('two replicas on one database', () => {
  const file = join(tmpdir(), `stepwise-replicas-${randomBytes(6).toString('hex')}.sqlite`);
  const mysql = process.env.TEST_DATABASE_URL?.startsWith('mysql');
  let one: TestApp;
  let other: NestFastifyApplication;
  let otherHttp: TestAgent;
  let auth: string;

  beforeAll(async () => {
    // SQLite in memory is private to one connection: both replicas share a file instead
    one = await startApiServer(mysql ? {} : { env: { DATABASE_URL: `sqlite:${file}` } });
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: mysql ? one.database.url : `sqlite:${file}`,
      RUN_JOBS: 'false',
      LOG_LEVEL: 'warn',
      BOOTSTRAP_CLIENT_ID: one.admin.clientId,
      BOOTSTRAP_CLIENT_SECRET: one.admin.secret,
    };
    other = await createApiServer(new AppConfig(env), { env, clock: one.clock, logDestination: new LogCapture() });
    await other.getHttpAdapter().getInstance().ready();
    otherHttp = request(other.getHttpServer());
    auth = one.adminAuth();
  });
  afterAll(async () => {
    await other?.close();
    await one?.close();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  });

  const create = async (http: TestAgent, operationName: string) => {
    const res = await http
      .post('/next-step/operation')
      .set('Authorization', auth)
      .send({ requestObject: { operationName } });
    expect(res.status).toBe(200);
    return res.body.responseObject;
  };
  const lifetimeMs = (op: { timestampCreated: string; timestampExpires: string }) =>
    Date.parse(op.timestampExpires.replace('+0000', 'Z')) - Date.parse(op.timestampCreated.replace('+0000', 'Z'));
  const authMethods = async (http: TestAgent) =>
    (
      await http.post('/next-step/auth-method/list').set('Authorization', auth).send({ requestObject: {} })
    ).body.responseObject.authMethods.map((m: { authMethod: string }) => m.authMethod);
  const config = (expirationSeconds: number) => ({
    templateVersion: 'A',
    templateId: 0,
    mobileTokenEnabled: false,
    mobileTokenMode: '{}',
    expirationSeconds,
  });

  it('applies a configuration change made through one replica at the next request on the other', async () => {
    const put = (seconds: number) =>
      one.http.put('/admin/next-step/operation-configs/login').set('Authorization', auth).send(config(seconds));
    expect((await put(61)).status).toBe(200);
    expect(lifetimeMs(await create(otherHttp, 'login'))).toBe(61_000); // now cached on the other replica
    expect(lifetimeMs(await create(otherHttp, 'login'))).toBe(61_000);
    expect((await put(62)).status).toBe(200);
    expect(lifetimeMs(await create(otherHttp, 'login'))).toBe(62_000);

    expect(await authMethods(otherHttp)).not.toContain('HW_TOKEN');
    const hw = await one.http.put('/admin/next-step/auth-methods/HW_TOKEN').set('Authorization', auth).send({
      orderNumber: 11,
      checkUserPrefs: false,
      checkAuthFails: true,
      maxAuthFails: 3,
      hasUserInterface: true,
    });
    expect(hw.status).toBe(200);
    expect(await authMethods(otherHttp)).toContain('HW_TOKEN');
    expect((await one.http.delete('/admin/next-step/auth-methods/HW_TOKEN').set('Authorization', auth)).status).toBe(
      204,
    );
    expect(await authMethods(otherHttp)).not.toContain('HW_TOKEN');

    // step definitions: the other replica's next create offers the added step
    const row = (responsePriority: number, responseAuthMethod: string) =>
      one.http.post('/admin/next-step/step-definitions').set('Authorization', auth).send({
        operationName: 'replica_op',
        operationType: 'CREATE',
        responsePriority,
        responseAuthMethod,
        responseResult: 'CONTINUE',
      });
    const steps = async () =>
      (await create(otherHttp, 'replica_op')).steps.map((s: { authMethod: string }) => s.authMethod);
    expect((await row(1, 'SMS_KEY')).status).toBe(201);
    expect(await steps()).toEqual(['SMS_KEY']);
    expect((await row(2, 'CONSENT')).status).toBe(201);
    expect(await steps()).toEqual(['SMS_KEY', 'CONSENT']);
  });

  it('bumps the version in the transaction of the change: a refused change leaves it as it was', async () => {
    const version = async () =>
      Number(
        (await one.app.get(Transactions).manager().query('SELECT version FROM config_version WHERE id = 1'))[0].version,
      );
    const before = await version();
    const refused = await one.http.post('/admin/next-step/step-definitions').set('Authorization', auth).send({
      operationName: 'login',
      operationType: 'UPDATE',
      requestAuthMethod: 'NO_SUCH_METHOD',
      requestAuthStepResult: 'CONFIRMED',
      responsePriority: 9,
      responseAuthMethod: null,
      responseResult: 'DONE',
    });
    expect(refused.status).toBe(400);
    expect(await version()).toBe(before);
    expect(
      (await one.http.put('/admin/next-step/operation-configs/login').set('Authorization', auth).send(config(63)))
        .status,
    ).toBe(200);
    expect(await version()).toBe(before + 1);
    expect(lifetimeMs(await create(otherHttp, 'login'))).toBe(63_000);
    expect(lifetimeMs(await create(one.http, 'login'))).toBe(63_000);
  });

  // Passport keeps its strategies in one process-wide registry, so over HTTP both in-process
  // instances would authenticate through the same service: each instance's service is asked here.
  it('stops a disabled or rotated API client on the other replica within 1 s, at once on its own', async () => {
    const client = await one.createClient(['next-step']);
    const own = one.app.get(ApiClientsService);
    const theirs = other.get(ApiClientsService);
    expect(own).not.toBe(theirs);
    const accepted = async (service: ApiClientsService, secret = client.secret) =>
      (await service.authenticate(client.clientId, secret)) !== null;
    const refusedWithin = async (ms: number) => {
      const since = Date.now();
      while (await accepted(theirs)) {
        expect(Date.now() - since).toBeLessThan(ms);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect(await accepted(theirs)).toBe(true); // remembered there now
    expect(await accepted(own)).toBe(true);
    const admin = (action: string) =>
      one.http.post(`/admin/clients/${client.clientId}/${action}`).set('Authorization', auth);
    expect((await admin('disable')).status).toBe(200);
    expect(await accepted(own)).toBe(false); // the replica that made the change: at once
    await refusedWithin(API_CLIENT_CACHE_MS + 300);

    expect((await admin('enable')).status).toBe(200);
    expect(await accepted(theirs)).toBe(true);
    const rotated = await admin('rotate');
    expect(rotated.status).toBe(200);
    expect(await accepted(own)).toBe(false);
    await refusedWithin(API_CLIENT_CACHE_MS + 300);
    expect(await accepted(theirs, rotated.body.clientSecret)).toBe(true);
    // a wrong secret never finds the remembered entry
    expect(await accepted(theirs, `${rotated.body.clientSecret}x`)).toBe(false);
  });

  it('publishes the same JWKS on both; a proof signed on one verifies against the other’s JWKS', async () => {
    const KEYS = '/auth-transaction-approval/rest/transaction-approval/keys';
    const ours = (await one.http.get(KEYS).expect(200)).body;
    const theirs = (await otherHttp.get(KEYS).expect(200)).body;
    expect(ours.keys).toHaveLength(1); // generated once, by the first replica, and adopted by the second
    expect(theirs).toEqual(ours);
    const claims = {
      sub: 'u-1',
      sid: '121849797510425576',
      flow: 'my-flow-1',
      method: 'PUSH',
      params: { amount: '1' },
    };
    for (const [signer, jwks] of [
      [one.app, theirs],
      [other, ours],
    ] as const) {
      const proof = await signer.get(ApprovalProofs).sign(claims);
      const { payload } = await jwtVerify(proof, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
      expect(payload).toMatchObject(claims);
    }
  });
});
