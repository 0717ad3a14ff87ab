import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Graceful shutdown on SIGTERM/SIGINT: one line when it starts, in-flight requests finish and the
 * database pool closes (Nest's close), one line when stopped, then exit. A deadline bounds it, so
 * a stuck request cannot keep a stopping instance alive forever.
 */
export function stopOnSignal(app: INestApplicationContext, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, timeoutMs }, 'Shutting down: finishing in-flight work');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'Shutdown took longer than SHUTDOWN_TIMEOUT_MS, exiting');
      logger.flush(() => process.exit(1));
    }, timeoutMs).unref();
    app.close().then(
      () => {
        logger.info({ signal }, 'Stopped');
        logger.flush(() => process.exit(0));
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        logger.flush(() => process.exit(1));
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);
}
