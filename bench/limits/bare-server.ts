import Fastify, { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { logRequest } from '@app/core';

/**
 * What the benchmark's bare servers (bare.ts, bare-flow.ts) share with stepwise's HTTP adapter:
 * Fastify with the process logger and ONE request log line per request (logRequest).
 */
export function loggedFastify(logger: Logger) {
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: () => randomUUID(),
  });
  app.addHook('onResponse', (request, reply, done) => {
    logRequest(request, reply);
    done();
  });
  return app;
}

/**
 * Starts a bare server as a child of the harness (ServerProcess): reports its port over IPC,
 * stops on SIGTERM after `stop` (the log flushed), and exits 1 when it cannot start.
 */
export function serveBare(
  start: () => Promise<number>,
  logger: Logger,
  stop: () => Promise<void> = async () => {},
): void {
  start()
    .then((port) => {
      process.channel?.unref();
      process.send!({ type: 'listening', port });
      process.once('SIGTERM', () => {
        logger.flush();
        void stop().finally(() => process.exit(0));
      });
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    });
}
