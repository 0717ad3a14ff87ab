import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { AppConfig, CoreOptions, Env } from '@app/core';
import { AnswerRecorder } from './answer-recorder';
import { FakeClock } from './fake-clock';
import { LogCapture } from './log-capture';
import { TestDatabase, createTestDatabase } from './test-database';

export type ServerFactory = (
  config: AppConfig,
  options: CoreOptions & { logDestination?: LogCapture },
  extraModules?: Type[],
) => Promise<NestFastifyApplication>;

export interface TestAppOptions {
  /** Extra settings (names as in the operator contract). */
  env?: Record<string, string>;
  clock?: FakeClock;
  /** Test-only modules mounted beside the real ones. */
  extraModules?: Type[];
}

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  clock: FakeClock;
  logs: LogCapture;
  database: TestDatabase;
  /** Every answer the server gave (checked against the OpenAPI document by the API suites). */
  answers: AnswerRecorder;
  /** The bootstrap client: every scope. */
  admin: { clientId: string; secret: string };
  /** `Authorization` header value for HTTP Basic. */
  basic(clientId: string, secret: string): string;
  /** Basic header of the bootstrap client. */
  adminAuth(): string;
  /** Creates an API client with the given scopes through the admin API. */
  createClient(scopes: string[]): Promise<{ clientId: string; secret: string }>;
  close(): Promise<void>;
}

/** Starts a real server (real database, real HTTP stack) for one suite. */
export async function startTestApp(factory: ServerFactory, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = options.clock ?? new FakeClock();
  const logs = new LogCapture();
  const admin = { clientId: 'test-admin', secret: randomBytes(24).toString('base64url') };
  const env: Env = {
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    RUN_JOBS: 'false',
    LOG_LEVEL: 'info',
    BOOTSTRAP_CLIENT_ID: admin.clientId,
    BOOTSTRAP_CLIENT_SECRET: admin.secret,
    ...options.env,
  };
  const app = await factory(new AppConfig(env), { env, clock, logDestination: logs }, options.extraModules);
  const answers = new AnswerRecorder();
  answers.install(app.getHttpAdapter().getInstance());
  await app.getHttpAdapter().getInstance().ready();
  const http = request(app.getHttpServer());
  const basic = (clientId: string, secret: string) =>
    `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;
  return {
    app,
    http,
    clock,
    logs,
    database,
    answers,
    admin,
    basic,
    adminAuth: () => basic(admin.clientId, admin.secret),
    async createClient(scopes) {
      const res = await http
        .post('/admin/clients')
        .set('Authorization', basic(admin.clientId, admin.secret))
        .send({ scopes });
      if (res.status !== 201) throw new Error(`creating a client failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { clientId: res.body.clientId, secret: res.body.clientSecret };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
