/**
 * Graceful shutdown is Nest's (enableShutdownHooks: in-flight requests finish, then the database
 * pool closes); this bounds it, so a stuck request cannot keep a stopping instance alive forever.
 */
export function enforceShutdownDeadline(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`stepwise: shutdown took longer than ${timeoutMs} ms, exiting\n`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}
