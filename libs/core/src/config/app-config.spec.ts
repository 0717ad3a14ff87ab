import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

const configError = (env: Record<string, string>) => {
  try {
    new AppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('AppConfig', () => {
  it('has the documented defaults', () => {
    const config = new AppConfig({});
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ kind: 'sqlite', path: 'data/stepwise.sqlite' });
    expect(config.runJobs).toBe(true);
    expect(config.bodyLimitBytes).toBe(65536);
    expect(config.bootstrapClient).toBeUndefined();
    expect(config.isProduction).toBe(false);
  });

  it('parses a MySQL URL', () => {
    expect(new AppConfig({ DATABASE_URL: 'mysql://u:p@db:3306/stepwise' }).database).toEqual({
      kind: 'mysql',
      url: 'mysql://u:p@db:3306/stepwise',
      database: 'stepwise',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be a whole number, got "eighty"'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be between 0 and 65535, got 70000'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'Invalid configuration: DATABASE_URL must start with mysql:// or sqlite:'],
    [
      { DATABASE_URL: 'mysql://host/' },
      'Invalid configuration: DATABASE_URL needs a database name (letters, digits, _ or $)',
    ],
    [{ RUN_JOBS: 'maybe' }, 'Invalid configuration: RUN_JOBS must be true or false, got "maybe"'],
    [
      { BOOTSTRAP_CLIENT_ID: 'ops' },
      'Invalid configuration: BOOTSTRAP_CLIENT_SECRET is required with BOOTSTRAP_CLIENT_ID',
    ],
    [
      { BOOTSTRAP_CLIENT_ID: 'ops', BOOTSTRAP_CLIENT_SECRET: 'short' },
      'Invalid configuration: BOOTSTRAP_CLIENT_SECRET must be 16-256 characters',
    ],
    [{ SERVER_KEY: 'abc' }, 'Invalid configuration: SERVER_KEY must be Base64 of 32, 48, 64 bytes'],
    [
      { NODE_ENV: 'staging' },
      'Invalid configuration: NODE_ENV must be one of development, test, production, got "staging"',
    ],
  ])('fails fast on %j with one line naming the setting', (env, message) => {
    expect(configError(env)).toBe(message);
  });

  it('never echoes a secret value in its messages', () => {
    expect(configError({ DATABASE_URL: 'mysql://user:s3cr3t@host/' })).not.toContain('s3cr3t');
  });
});
