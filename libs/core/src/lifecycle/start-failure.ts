import { ConfigError } from '../config/config-error';

/**
 * How a deployable that could not start ends: a configuration error is one line naming the
 * setting (safe to print: it never echoes a secret); anything else its stack. Exit code 1.
 */
export function exitOnStartFailure(error: unknown): never {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
}
