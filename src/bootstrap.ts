import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import {
  AppConfig,
  CoreOptions,
  PinoLoggerService,
  configureHttpApp,
  createHttpAdapter,
  createRootLogger,
} from '@app/core';
import { AppModule } from './app.module';
import { serveOpenApi } from './openapi';

export interface ServerOptions extends CoreOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** The process's root logger, when the caller made it (main.ts logs shutdown through it). */
  rootLogger?: Logger;
}

/** The complete API server, ready to listen: used by main.ts and by the end-to-end tests. */
export async function createApiServer(
  config: AppConfig,
  options: ServerOptions,
  extraModules: Type[] = [],
): Promise<NestFastifyApplication> {
  const logger = options.rootLogger ?? createRootLogger(config, options.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options, extraModules),
    createHttpAdapter(config, logger),
    // A configuration error must reach main.ts (one line naming the setting), not abort the process.
    { logger: new PinoLoggerService(logger), bodyParser: false, abortOnError: false },
  );
  await configureHttpApp(app);
  if (config.docsEnabled) await serveOpenApi(app);
  await app.init();
  return app;
}
