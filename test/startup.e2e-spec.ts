import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, Env } from '@app/core';
import { LogCapture, SmsGatewaySink, TestApp } from '@app/testing';
import { createApiServer } from '../src/bootstrap';
import { startApiServer } from './support/api-server';
import { persistentTestDatabase } from './support/persistent-database';

const key = () => randomBytes(32).toString('base64');

/** Starts and stops the API server as main.ts does; resolves once closed, rejects with the start error. */
async function startAndStop(env: Env, logs = new LogCapture()): Promise<LogCapture> {
  const full = { NODE_ENV: 'test', RUN_JOBS: 'false', LOG_LEVEL: 'info', ...env };
  const app = await createApiServer(new AppConfig(full), { env: full, logDestination: logs });
  await app.close();
  return logs;
}

async function startError(env: Env): Promise<string> {
  try {
    await startAndStop(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected the server to refuse to start');
}

describe('start-up checks', () => {
  describe('SERVER_KEY check value (#1)', () => {
    let database: { url: string; drop(): Promise<void> };
    beforeEach(async () => {
      database = await persistentTestDatabase();
    });
    afterEach(() => database.drop());

    it('refuses to start with a SERVER_KEY other than the one the database was set up with', async () => {
      const original = key();
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: original });
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: original }); // same key: fine
      const message = await startError({ DATABASE_URL: database.url, SERVER_KEY: key() });
      expect(message).toMatch(/^Invalid configuration: SERVER_KEY differs from the key this database was set up with/);
      expect(message).not.toContain('\n');
      // A worker or replica without SERVER_KEY would use the stored key: refused as well.
      expect(await startError({ DATABASE_URL: database.url })).toMatch(/SERVER_KEY differs/);
    });

    it('accepts a deliberate change once with SERVER_KEY_ACCEPT_CHANGE, then only the new key', async () => {
      const original = key();
      const next = key();
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: original });
      const logs = await startAndStop({
        DATABASE_URL: database.url,
        SERVER_KEY: next,
        SERVER_KEY_ACCEPT_CHANGE: 'true',
      });
      expect(logs.text()).toContain('SERVER_KEY changed on purpose');
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: next });
      expect(await startError({ DATABASE_URL: database.url, SERVER_KEY: original })).toMatch(/SERVER_KEY differs/);
    });

    it('accepts a new key when SERVER_KEY_PREVIOUS names the recorded one (rotation)', async () => {
      const original = key();
      const next = key();
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: original });
      expect(await startError({ DATABASE_URL: database.url, SERVER_KEY: next, SERVER_KEY_PREVIOUS: key() })).toMatch(
        /SERVER_KEY differs/,
      );
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: next, SERVER_KEY_PREVIOUS: original });
      await startAndStop({ DATABASE_URL: database.url, SERVER_KEY: next });
    });

    it('keeps the stored key of a database started without SERVER_KEY across restarts', async () => {
      await startAndStop({ DATABASE_URL: database.url });
      await startAndStop({ DATABASE_URL: database.url });
    });
  });

  describe('production without a transport for a channel in use (#2)', () => {
    let database: { url: string; drop(): Promise<void> };
    beforeEach(async () => {
      database = await persistentTestDatabase();
    });
    afterEach(() => database.drop());

    it('refuses to start without SMS_GATEWAY_URL or SMTP_URL, starts with both', async () => {
      const production = { NODE_ENV: 'production', DATABASE_URL: database.url, SERVER_KEY: key() };
      expect(await startError(production)).toBe(
        'Invalid configuration: SMS_GATEWAY_URL is required with NODE_ENV=production (SMS is sent)',
      );
      const gateway = await SmsGatewaySink.start();
      const smtp = { SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'stepwise@bank.example' };
      expect(await startError({ ...production, SMS_GATEWAY_URL: gateway.url })).toBe(
        'Invalid configuration: SMTP_URL is required with NODE_ENV=production (EMAIL is sent)',
      );
      try {
        await startAndStop({ ...production, SMS_GATEWAY_URL: gateway.url, ...smtp });
      } finally {
        await gateway.close();
      }
    });
  });

  describe('the bootstrap secret (#5)', () => {
    let database: { url: string; drop(): Promise<void> };
    let stderr: string[];
    let spy: jest.SpyInstance;
    beforeEach(async () => {
      database = await persistentTestDatabase();
      stderr = [];
      spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        stderr.push(String(chunk));
        return true;
      });
    });
    afterEach(async () => {
      spy.mockRestore();
      await database.drop();
    });

    it('is printed once, framed, to stderr and never logged; route lines are debug', async () => {
      const logs = await startAndStop({ DATABASE_URL: database.url });
      const block = stderr.join('');
      const secret = /^\| +(\S{43}) +\|$/m.exec(block)?.[1];
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(block).toMatch(/^\n\+-+\+\n\| stepwise: created API client "bootstrap" with every scope\./);
      expect(logs.text()).not.toContain(secret!);
      expect(logs.text()).not.toMatch(/Mapped \{/);
      stderr.length = 0;
      await startAndStop({ DATABASE_URL: database.url });
      expect(stderr.join('')).toBe('');
    });

    it('goes to BOOTSTRAP_SECRET_FILE (mode 0600) when set', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'stepwise-secret-'));
      try {
        const file = join(dir, 'bootstrap-secret');
        await startAndStop({ DATABASE_URL: database.url, BOOTSTRAP_SECRET_FILE: file });
        const secret = readFileSync(file, 'utf8').trim();
        expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        expect(stderr.join('')).toContain(`written to ${file}`);
        expect(stderr.join('')).not.toContain(secret);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lost: a start with BOOTSTRAP_CLIENT_ID=bootstrap and a new secret replaces it', async () => {
      const logs = new LogCapture();
      await startAndStop({ DATABASE_URL: database.url }, logs);
      const fresh = randomBytes(24).toString('base64url');
      const t = await startApiServer({
        env: { DATABASE_URL: database.url, BOOTSTRAP_CLIENT_ID: 'bootstrap', BOOTSTRAP_CLIENT_SECRET: fresh },
      });
      try {
        const answer = await t.http.get('/admin/clients/bootstrap').set('Authorization', t.basic('bootstrap', fresh));
        expect(answer.status).toBe(200);
      } finally {
        await t.app.close();
      }
    });
  });
});

describe('security headers and docs (#4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApiServer({ env: { TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(() => t.close());

  it('sends no HSTS and no upgrade-insecure-requests over plain HTTP (Swagger UI loads its assets)', async () => {
    const answer = await t.http.get('/api/docs');
    expect(answer.status).toBe(200);
    expect(answer.headers['strict-transport-security']).toBeUndefined();
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    expect(answer.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('sends both when a trusted proxy says the request came over TLS', async () => {
    const answer = await t.http.get('/health').set('X-Forwarded-Proto', 'https');
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(answer.headers['content-security-policy']).toMatch(/;upgrade-insecure-requests$/);
  });
});

describe('DOCS_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApiServer({ env: { DOCS_ENABLED: 'false' } });
  });
  afterAll(() => t.close());

  it('serves neither Swagger UI nor the document', async () => {
    expect((await t.http.get('/api/docs')).status).toBe(404);
    expect((await t.http.get('/api/docs-json')).status).toBe(404);
    expect((await t.http.get('/health')).status).toBe(200);
  });
});
