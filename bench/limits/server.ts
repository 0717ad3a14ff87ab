import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
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
  const profiler = new Profiler();
  process.on('message', (message: { type?: string; file?: string }) => {
    if (message?.type === 'statements') process.send!({ type: 'statements', count: statements.count });
    if (message?.type === 'memory') process.send!({ type: 'memory', usage: process.memoryUsage() });
    if (message?.type === 'profile-start') void profiler.start().then(() => process.send!({ type: message.type }));
    if (message?.type === 'profile-stop') {
      void profiler.stop(message.file!).then(() => process.send!({ type: message.type }));
    }
  });
  process.channel?.unref();
  process.send!({ type: 'listening', port });
}

/** The V8 CPU profiler of this process, for one scenario at a time (BENCH_PROFILE_DIR). */
class Profiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.start');
  }

  async stop(file: string): Promise<void> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: object };
    writeFileSync(file, JSON.stringify(profile));
    this.session.disconnect();
  }

  private post(method: string): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.session.post(method, (error, result) => (error ? reject(error) : resolve(result))),
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
