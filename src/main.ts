import 'reflect-metadata';
import { AppConfig, createRootLogger, exitOnStartFailure, stopOnSignal } from '@app/core';
import { createApiServer, limitHeapGrowth } from './bootstrap';

async function main(): Promise<void> {
  limitHeapGrowth();
  const env = { ...process.env };
  const config = new AppConfig(env);
  const rootLogger = createRootLogger(config);
  const app = await createApiServer(config, { env, rootLogger });
  await app.listen({ port: config.port, host: config.host });
  stopOnSignal(app, rootLogger, config.shutdownTimeoutMs);
}

main().catch(exitOnStartFailure);
