import 'reflect-metadata';
import { AppConfig, createRootLogger, exitOnStartFailure, stopOnSignal } from '@app/core';
import { startWorker } from './worker';

/** Runs scheduled jobs (expiry, delivery retries, cleanup) next to API servers started with RUN_JOBS=false. */
async function main(): Promise<void> {
  const env = { ...process.env };
  const config = new AppConfig(env);
  const rootLogger = createRootLogger(config);
  const { app } = await startWorker(config, { env, rootLogger });
  stopOnSignal(app, rootLogger, config.shutdownTimeoutMs);
}

main().catch(exitOnStartFailure);
