import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { AppConfig, createRootLogger, stopOnSignal } from '@app/core';
import { createApiServer, limitHeapGrowth } from '../../src/bootstrap';
import { countStatements } from './statement-counter';

/**
 * The API server as src/main.ts starts it (same factory, settings from the environment), but
 * bound to 127.0.0.1 on a free port, reporting that port and its statement count to the
 * harness over the IPC channel. Started by limits.ts as a child process of its own.
 */
async function main(): Promise<void> {
  limitHeapGrowth();
  const statements = countStatements();
  const env = { ...process.env };
  const config = new AppConfig(env);
  const rootLogger = createRootLogger(config);
  const app = await createApiServer(config, { env, rootLogger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  stopOnSignal(app, rootLogger, config.shutdownTimeoutMs);
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'statements') process.send!({ type: 'statements', count: statements.count });
    if (message?.type === 'memory') process.send!({ type: 'memory', usage: process.memoryUsage() });
  });
  process.channel?.unref();
  process.send!({ type: 'listening', port });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
