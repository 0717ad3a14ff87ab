import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV, Env } from '@app/core';
import { OtpConfig } from './otp.config';
import { SmsAuthorization } from './sms-authorization.entity';
import { SmsAuthorizationsService } from './sms-authorizations.service';
import { SmsCleanupJob } from './sms-cleanup.job';

/** SMS authorization codes (generation, hashing, dynamic linking, attempts, resends) and their cleanup job. */
@Module({
  imports: [TypeOrmModule.forFeature([SmsAuthorization])],
  providers: [
    { provide: OtpConfig, inject: [ENV], useFactory: (env: Env) => new OtpConfig(env) },
    SmsAuthorizationsService,
    SmsCleanupJob,
  ],
  exports: [OtpConfig, SmsAuthorizationsService, SmsCleanupJob],
})
export class OtpModule {}
