import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { DestinationStream, Logger } from 'pino';
import { AppConfig, CoreOptions, OperationsServer, PinoLoggerService, createRootLogger } from '@app/core';
import { WorkerModule } from './worker.module';

export interface WorkerOptions extends CoreOptions {
  rootLogger?: Logger;
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
}

export interface Worker {
  app: INestApplicationContext;
  /** Names of the scheduled jobs this worker runs. */
  jobs: string[];
  /** Port of /health and /metrics. */
  port: number;
}

/**
 * The worker as deployed: the same configuration (and SERVER_KEY check) as the API, the jobs
 * started, /health and /metrics listening on WORKER_PORT, and one line saying so.
 */
export async function startWorker(config: AppConfig, options: WorkerOptions): Promise<Worker> {
  const root = options.rootLogger ?? createRootLogger(config, options.logDestination);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, options), {
    logger: new PinoLoggerService(root),
    abortOnError: false,
  });
  await app.init();
  const scheduler = app.get(SchedulerRegistry);
  const jobs = [...scheduler.getIntervals(), ...scheduler.getCronJobs().keys(), ...scheduler.getTimeouts()].sort();
  const port = await app.get(OperationsServer).listen(config.workerPort, config.host);
  root.info({ jobs, port, host: config.host }, `Worker started: ${jobs.join(', ')}; /health and /metrics on ${port}`);
  return { app, jobs, port };
}
