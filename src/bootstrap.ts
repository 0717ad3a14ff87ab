import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { setFlagsFromString } from 'node:v8';
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

/** How far V8 lets the heap grow past what survived the last full collection (V8's own: 1.1–4×). */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Under load V8 let the old generation grow to 2.7× what survived its last full collection
 * (180 MiB for 67 MiB live at 64 concurrent payment flows), so the process's peak RSS came from
 * garbage waiting to be collected (issue 13). It may grow by HEAP_GROWING_PERCENT instead: a
 * growth factor, not a limit (a bigger live set still gets its room; no out-of-memory earlier).
 * V8 reads the factor at every collection, so setting it at start takes effect; a
 * `--heap-growing-percent` given to node on its command line wins.
 */
export function limitHeapGrowth(): void {
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
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
