import { Logger, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { ServerKeyRow } from './server-key.entity';
import { SERVER_KEY } from './keyed-hasher';

const STORED_KEY_ID = 'default';
const CHECK_VALUE_ID = 'check';

/**
 * A key check value: an HMAC of a fixed label under the key. It tells whether a key is the
 * one the database's hashes were made with, and reveals nothing about the key.
 */
export function serverKeyCheckValue(key: Buffer): string {
  return createHmac('sha256', key).update('stepwise server key check value v1').digest('base64');
}

/**
 * SERVER_KEY from configuration, or else a key generated once and kept in the database so
 * every replica and restart uses the same one. Production should configure SERVER_KEY so the
 * key does not sit beside the hashes it protects.
 *
 * The database keeps the key's check value: an API, worker or restart with a different key would
 * silently fail every client secret and code (401 for everyone), so it refuses to start instead,
 * unless SERVER_KEY_ACCEPT_CHANGE says the change is deliberate.
 */
export const serverKeyProvider: Provider = {
  provide: SERVER_KEY,
  inject: [AppConfig, getDataSourceToken()],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<Buffer> => {
    const repository = dataSource.getRepository(ServerKeyRow);
    const key = config.serverKey ?? (await storedKey(repository, config));
    await checkKey(repository, key, config);
    return key;
  },
};

async function storedKey(repository: Repository<ServerKeyRow>, config: AppConfig): Promise<Buffer> {
  let row = await repository.findOneBy({ id: STORED_KEY_ID });
  if (!row) {
    const fresh = { id: STORED_KEY_ID, keyBase64: randomBytes(32).toString('base64'), createdAt: new Date() };
    await repository.insert(fresh).catch(() => undefined); // another replica won the race
    row = await repository.findOneByOrFail({ id: STORED_KEY_ID });
  }
  if (config.isProduction) {
    new Logger('ServerKey').warn('SERVER_KEY is not set: using a key stored in the database');
  }
  return Buffer.from(row.keyBase64, 'base64');
}

async function checkKey(repository: Repository<ServerKeyRow>, key: Buffer, config: AppConfig): Promise<void> {
  const checkValue = serverKeyCheckValue(key);
  let row = await repository.findOneBy({ id: CHECK_VALUE_ID });
  if (!row) {
    // First start (or a database from before check values): this key is the database's key.
    await repository
      .insert({ id: CHECK_VALUE_ID, keyBase64: checkValue, createdAt: new Date() })
      .catch(() => undefined); // another replica recorded it first; compared below
    row = await repository.findOneByOrFail({ id: CHECK_VALUE_ID });
  }
  if (same(row.keyBase64, checkValue)) return;
  // Naming the recorded key in SERVER_KEY_PREVIOUS is a deliberate rotation, as is the explicit flag.
  const rotated = config.previousServerKeys.some((previous) => same(row.keyBase64, serverKeyCheckValue(previous)));
  if (!rotated && !config.serverKeyAcceptChange) {
    throw new ConfigError(
      'SERVER_KEY',
      'differs from the key this database was set up with (its key check value does not match): ' +
        'set the previous key, or see README "Rotating SERVER_KEY"',
    );
  }
  await repository.update({ id: CHECK_VALUE_ID }, { keyBase64: checkValue, createdAt: new Date() });
  new Logger('ServerKey').warn(
    'SERVER_KEY changed on purpose (SERVER_KEY_PREVIOUS / SERVER_KEY_ACCEPT_CHANGE): secrets and codes hashed with the previous key no longer verify',
  );
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
