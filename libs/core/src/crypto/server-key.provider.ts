import { Logger, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ServerKeyRow } from './server-key.entity';
import { SERVER_KEY } from './keyed-hasher';

/**
 * SERVER_KEY from configuration, or else a key generated once and kept in the database so
 * every replica and restart uses the same one. Production should configure SERVER_KEY so the
 * key does not sit beside the hashes it protects.
 */
export const serverKeyProvider: Provider = {
  provide: SERVER_KEY,
  inject: [AppConfig, getDataSourceToken()],
  useFactory: async (config: AppConfig, dataSource: DataSource): Promise<Buffer> => {
    if (config.serverKey) return config.serverKey;
    const repository = dataSource.getRepository(ServerKeyRow);
    let row = await repository.findOneBy({ id: 'default' });
    if (!row) {
      const fresh = { id: 'default', keyBase64: randomBytes(32).toString('base64'), createdAt: new Date() };
      await repository.insert(fresh).catch(() => undefined); // another replica won the race
      row = await repository.findOneByOrFail({ id: 'default' });
      if (config.isProduction) {
        new Logger('ServerKey').warn('SERVER_KEY is not set: using a key stored in the database');
      }
    }
    return Buffer.from(row.keyBase64, 'base64');
  },
};
