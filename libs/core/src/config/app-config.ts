import { ConfigError } from './config-error';
import { basicPasswordCarries } from '../security/basic-credentials';
import { DatabaseTarget, parseDatabaseUrl } from './database-url';
import { Env, EnvReader } from './env-reader';

/** Settings of the operator contract (ARCHITECTURE.md §2) that the core and the apps read. */
export class AppConfig {
  readonly environment: 'development' | 'test' | 'production';
  readonly port: number;
  readonly database: DatabaseTarget;
  readonly runJobs: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  readonly bootstrapClient?: { clientId: string; secret: string };
  /** HMAC key for client secrets, OTPs and tokens; when absent one is kept in the database. */
  readonly serverKey?: Buffer;
  /** Keys SERVER_KEY replaced: values sealed with them still open (SecretBox) until re-sealed. */
  readonly previousServerKeys: Buffer[];
  readonly shutdownTimeoutMs: number;

  get isProduction(): boolean {
    return this.environment === 'production';
  }

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.environment = read.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
    this.port = read.int('PORT', 8080, { min: 0, max: 65535 });
    this.database = parseDatabaseUrl(read.string('DATABASE_URL', 'sqlite:data/stepwise.sqlite'));
    this.runJobs = read.bool('RUN_JOBS', true);
    this.logLevel = read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info');
    this.bodyLimitBytes = read.int('BODY_LIMIT_BYTES', 64 * 1024, { min: 1024, max: 10 * 1024 * 1024 });
    this.bootstrapClient = readBootstrapClient(read);
    this.serverKey = read.optionalBase64Key('SERVER_KEY', [32, 48, 64]);
    this.previousServerKeys = read.optionalBase64Keys('SERVER_KEY_PREVIOUS', [32, 48, 64]);
    this.shutdownTimeoutMs = read.int('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0, max: 120_000 });
  }
}

function readBootstrapClient(read: EnvReader): AppConfig['bootstrapClient'] {
  const clientId = read.optionalString('BOOTSTRAP_CLIENT_ID');
  const secret = read.optionalString('BOOTSTRAP_CLIENT_SECRET');
  if (clientId === undefined && secret === undefined) return undefined;
  if (clientId === undefined) throw new ConfigError('BOOTSTRAP_CLIENT_ID', 'is required with BOOTSTRAP_CLIENT_SECRET');
  if (secret === undefined) throw new ConfigError('BOOTSTRAP_CLIENT_SECRET', 'is required with BOOTSTRAP_CLIENT_ID');
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(clientId)) {
    throw new ConfigError('BOOTSTRAP_CLIENT_ID', 'must be 3-64 characters of A-Z a-z 0-9 . _ -');
  }
  if (secret.length < 16 || secret.length > 256) {
    throw new ConfigError('BOOTSTRAP_CLIENT_SECRET', 'must be 16-256 characters');
  }
  if (!basicPasswordCarries(secret)) {
    // an HTTP Basic password cannot carry it: the operator could never authenticate with it
    throw new ConfigError('BOOTSTRAP_CLIENT_SECRET', 'must not contain control characters');
  }
  return { clientId, secret };
}
