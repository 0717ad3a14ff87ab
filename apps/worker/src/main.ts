import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, enforceShutdownDeadline, PinoLoggerService, createRootLogger } from '@app/core';
import { WorkerModule } from './worker.module';

/** Runs scheduled jobs (expiry, delivery retries) next to API servers started with RUN_JOBS=false. */
async function main(): Promise<void> {
  const env = { ...process.env };
  const config = new AppConfig(env);
  const logger = new PinoLoggerService(createRootLogger(config));
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, { env }), { logger });
  app.enableShutdownHooks();
  await app.init();
  enforceShutdownDeadline(config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
