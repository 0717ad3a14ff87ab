import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '@app/core';
import { createApiServer } from '../src/bootstrap';

/**
 * Load benchmark of the API server over loopback (never any other address): a bounded number of
 * requests per scenario at fixed concurrency; prints throughput, latency percentiles and memory.
 *   npm run bench                      SQLite in memory
 *   DATABASE_URL=mysql://… npm run bench
 *   BENCH_REQUESTS=5000 BENCH_CONCURRENCY=32 npm run bench
 */
interface Scenario {
  name: string;
  request: (i: number) => { method: string; path: string; body?: unknown };
}

const REQUESTS = Math.min(Number(process.env.BENCH_REQUESTS ?? 2000), 100_000);
const CONCURRENCY = Math.min(Number(process.env.BENCH_CONCURRENCY ?? 16), 256);

async function run(baseUrl: string, auth: string, scenario: Scenario) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) {
      const { method, path, body } = scenario.request(next++);
      const t0 = performance.now();
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { Authorization: auth, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status >= 400) failures++;
    }
  });
  await Promise.all(workers);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
  return {
    scenario: scenario.name,
    requests: latencies.length,
    failures,
    'req/s': Math.round(latencies.length / seconds),
    'p50 ms': pct(50),
    'p99 ms': pct(99),
    'rss MiB': Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

export const scenarios: Scenario[] = [
  { name: 'GET /health (public, database ping)', request: () => ({ method: 'GET', path: '/health' }) },
  {
    name: 'GET /admin/clients (Basic auth + scope + paged query)',
    request: () => ({ method: 'GET', path: '/admin/clients?size=10' }),
  },
  {
    name: 'POST /next-step/operation (create login: step resolution, one transaction)',
    request: (i) => ({
      method: 'POST',
      path: '/next-step/operation',
      body: { requestObject: { operationName: 'login', operationId: `bench-${i}` } },
    }),
  },
  {
    name: 'PUT /next-step/operation (USER_ID_ASSIGN on each created operation, row locked)',
    request: (i) => ({
      method: 'PUT',
      path: '/next-step/operation',
      body: {
        requestObject: {
          operationId: `bench-${i}`,
          userId: `user-${i}`,
          authMethod: 'USER_ID_ASSIGN',
          authStepResult: 'CONFIRMED',
        },
      },
    }),
  },
  {
    name: 'POST /next-step/operation/detail',
    request: (i) => ({
      method: 'POST',
      path: '/next-step/operation/detail',
      body: { requestObject: { operationId: `bench-${i}` } },
    }),
  },
];

async function main(): Promise<void> {
  const secret = randomBytes(24).toString('base64url');
  const env = {
    DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite::memory:',
    RUN_JOBS: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    BOOTSTRAP_CLIENT_ID: 'bench',
    BOOTSTRAP_CLIENT_SECRET: secret,
  };
  const app = await createApiServer(new AppConfig(env), { env });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  const auth = `Basic ${Buffer.from(`bench:${secret}`).toString('base64')}`;
  try {
    const results = [];
    for (const scenario of scenarios) results.push(await run(`http://127.0.0.1:${port}`, auth, scenario));
    console.table(results); // eslint-disable-line no-console
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
