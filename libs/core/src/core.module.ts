import { DynamicModule, Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from './clock/clock';
import { AppConfig } from './config/app-config';
import { ENV, Env } from './config/env-reader';
import { ConfigCache } from './config-cache/config-cache';
import { ConfigVersion } from './config-cache/config-version.entity';
import { KeyedHasher } from './crypto/keyed-hasher';
import { ServerKeyRow } from './crypto/server-key.entity';
import { serverKeyProvider } from './crypto/server-key.provider';
import { dataSourceOptions } from './database/data-source-options';
import { initializeDataSource } from './database/initialize-data-source';
import type { MigrationSet } from './database/migration-set';
import { runMigrations } from './database/run-migrations';
import { Transactions } from './database/transactions';
import { WireDialects } from './http/dialects/wire-dialects';
import { PREVIOUS_SERVER_KEYS, SecretBox } from './crypto/secret-box';
import { JobLease } from './jobs/job-lease.entity';
import { JobLeases } from './jobs/job-leases';
import { RetentionJob } from './jobs/retention';
import { JobsConfig } from './jobs/jobs.config';
import { Metrics } from './metrics/metrics';
import { ApiClient } from './security/api-client.entity';
import { ApiClientStrategy } from './security/api-client.strategy';
import { ApiClientsService } from './security/api-clients.service';

export interface CoreOptions {
  /** The environment the settings were read from; lib configs read their own settings from it. */
  env: Env;
  /** Replaces the system clock (tests move time instead of sleeping). */
  clock?: Clock;
}

/**
 * Config, clock, database (migrated at start), crypto, API clients and job leases: what every
 * deployable needs. Global, so domain modules inject these without importing CoreModule.
 */
@Global()
@Module({})
export class CoreModule {
  /** `migrations`: the deployable's whole schema (`SCHEMA_MIGRATIONS` of `@app/schema`). */
  static forRoot(config: AppConfig, options: CoreOptions, migrations: MigrationSet): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => ({
            ...(await dataSourceOptions(config.database, migrations)),
            autoLoadEntities: true,
          }),
          dataSourceFactory: async (typeOrmOptions) => {
            const dataSource = await initializeDataSource(typeOrmOptions!);
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
        TypeOrmModule.forFeature([ApiClient, JobLease, ServerKeyRow, ConfigVersion]),
        PassportModule,
      ],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: ENV, useValue: options.env },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        serverKeyProvider,
        KeyedHasher,
        SecretBox,
        { provide: PREVIOUS_SERVER_KEYS, useValue: config.previousServerKeys },
        Transactions,
        ConfigCache,
        ApiClientsService,
        ApiClientStrategy,
        { provide: JobsConfig, useValue: new JobsConfig(options.env) },
        JobLeases,
        RetentionJob,
        WireDialects,
        Metrics,
      ],
      exports: [
        AppConfig,
        ENV,
        Clock,
        KeyedHasher,
        SecretBox,
        Transactions,
        ConfigCache,
        ApiClientsService,
        JobsConfig,
        JobLeases,
        RetentionJob,
        WireDialects,
        Metrics,
        TypeOrmModule,
      ],
    };
  }
}
