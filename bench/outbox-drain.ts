import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/core';
import { createApiServer } from '../src/bootstrap';

/**
 * Outbox draining after a gateway outage: BENCH_BACKLOG (default 3000) SMS wait in the outbox as
 * due PENDING messages; the API server runs its jobs (RUN_JOBS=true) against an HTTP gateway on
 * loopback that answers after BENCH_GATEWAY_LATENCY_MS (default 20). Prints how many messages per
 * second the retry job delivers until the backlog is gone (or BENCH_MAX_SECONDS, default 60, ran out).
 *   npm run build && node dist/bench/outbox-drain.js            SQLite file in a temporary folder
 *   DATABASE_URL=mysql://… node dist/bench/outbox-drain.js      an empty MySQL / MariaDB database
 */
const BACKLOG = Math.min(Number(process.env.BENCH_BACKLOG ?? 3000), 100_000);
const LATENCY_MS = Number(process.env.BENCH_GATEWAY_LATENCY_MS ?? 20);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 60);

async function main(): Promise<void> {
  let accepted = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const gateway = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        inFlight--;
        accepted++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }, LATENCY_MS),
    );
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;

  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RUN_JOBS: 'true',
    DATABASE_URL:
      process.env.DATABASE_URL ?? `sqlite:/tmp/stepwise-outbox-drain-${randomBytes(4).toString('hex')}.sqlite`,
    SMS_GATEWAY_URL: gatewayUrl,
    BOOTSTRAP_CLIENT_ID: 'bench',
    BOOTSTRAP_CLIENT_SECRET: randomBytes(24).toString('base64url'),
    SERVER_KEY: randomBytes(32).toString('base64'),
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('DELIVERY_'))),
  };
  const app = await createApiServer(new AppConfig(env), { env });
  const dataSource = app.get(DataSource);
  const now = new Date();
  const rows = Array.from({ length: BACKLOG }, () => ({
    messageId: randomUUID(),
    channel: 'SMS',
    recipient: '+420777123456',
    subject: null,
    text: 'Authorization code 12345678',
    status: 'PENDING',
    transport: 'SMS_GATEWAY',
    attempts: 1,
    nextAttemptAt: now,
    lastError: 'gateway answered HTTP 503',
    expiresAt: new Date(now.getTime() + 3600_000),
    correlationId: null,
    createdAt: now,
    sentAt: null,
    updatedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await dataSource
      .createQueryBuilder()
      .insert()
      .into('outbox_message')
      .values(rows.slice(i, i + 500))
      .execute();
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let pending = BACKLOG;
  while (pending > 0 && performance.now() - started < MAX_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const [row] = await dataSource.query("SELECT COUNT(*) AS n FROM outbox_message WHERE status = 'PENDING'");
    pending = Number(row.n);
  }
  const seconds = (performance.now() - started) / 1000;
  const sent = BACKLOG - pending;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / Math.max(sent, 1);
  process.stdout.write(
    `${dataSource.options.type}: ${sent}/${BACKLOG} sent in ${seconds.toFixed(1)} s = ${(sent / seconds).toFixed(0)} msg/s ` +
      `(gateway latency ${LATENCY_MS} ms, at most ${maxInFlight} requests in flight, ${accepted} accepted; ` +
      `${cpuMsPerMessage.toFixed(2)} ms CPU of this process per message, load ${loadavg()[0].toFixed(1)})\n`,
  );
  await app.close();
  gateway.close();
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
