import 'reflect-metadata';
import { AppConfig, ConfigError, enforceShutdownDeadline } from '@app/core';
import { createApiServer } from './bootstrap';

async function main(): Promise<void> {
  const env = { ...process.env };
  const config = new AppConfig(env);
  const app = await createApiServer(config, { env });
  await app.listen({ port: config.port, host: '0.0.0.0' });
  enforceShutdownDeadline(config.shutdownTimeoutMs);
}

main().catch((error: unknown) => {
  process.stderr.write(
    error instanceof ConfigError ? `${error.message}\n` : `${String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
