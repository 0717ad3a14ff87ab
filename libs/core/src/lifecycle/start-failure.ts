import { ConfigError } from '../config/config-error';
import { reportConfigError } from '../logging/logger';

/**
 * How a deployable that could not start ends: a configuration error is one line naming the
 * setting (safe to print: it never echoes a secret); anything else its stack. Exit code 1.
 */
export function exitOnStartFailure(error: unknown): never {
  // A configuration error already printed while Nest started is not printed twice.
  if (error instanceof ConfigError) reportConfigError(error);
  else process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}
