import { randomBytes } from 'node:crypto';
import { AppConfig } from '@app/core';
import { LogCapture, createTestDatabase } from '@app/testing';
import { Worker, startWorker } from '../apps/worker/src/worker';

describe('worker', () => {
  let worker: Worker;
  let drop: () => Promise<void>;
  const logs = new LogCapture();
  const admin = { clientId: 'worker-admin', secret: randomBytes(24).toString('base64url') };
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const url = (path: string) => `http://127.0.0.1:${worker.port}${path}`;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      WORKER_PORT: '0',
      BOOTSTRAP_CLIENT_ID: admin.clientId,
      BOOTSTRAP_CLIENT_SECRET: admin.secret,
    };
    worker = await startWorker(new AppConfig(env), { env, logDestination: logs });
  });
  afterAll(async () => {
    await worker.app.close();
    await drop();
  });

  it('logs one start line naming its jobs and its port', () => {
    expect(worker.jobs).toEqual([
      'challenge-cleanup',
      'delivery-retry',
      'next-step-operation-expiry',
      'retention',
      'transaction-approval-session-expiry',
    ]);
    const started = logs.entries().filter((entry) => String(entry.msg).startsWith('Worker started'));
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ jobs: worker.jobs, port: worker.port, host: '127.0.0.1' });
  });

  it('answers /health on WORKER_PORT while the database answers', async () => {
    const answer = await fetch(url('/health'));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ status: 'ok', details: { database: { status: 'up' } } });
    expect((await fetch(url('/elsewhere'))).status).toBe(404);
  });

  it('serves /metrics only to an API client with the metrics scope', async () => {
    expect((await fetch(url('/metrics'))).status).toBe(401);
    expect(
      (await fetch(url('/metrics'), { headers: { Authorization: basic(admin.clientId, 'wrong-secret') } })).status,
    ).toBe(401);
    const answer = await fetch(url('/metrics'), { headers: { Authorization: basic(admin.clientId, admin.secret) } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await answer.text()).toContain('stepwise_job_runs_total');
  });
});
