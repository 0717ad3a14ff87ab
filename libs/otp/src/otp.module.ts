import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV, Env } from '@app/core';
import { OtpConfig } from './otp.config';
import { SmsAuthorization } from './sms-authorization.entity';
import { SmsAuthorizationsService } from './sms-authorizations.service';

/** SMS authorization codes (generation, hashing, dynamic linking, attempts, resends). */
@Module({
  imports: [TypeOrmModule.forFeature([SmsAuthorization])],
  providers: [
    { provide: OtpConfig, inject: [ENV], useFactory: (env: Env) => new OtpConfig(env) },
    SmsAuthorizationsService,
  ],
  exports: [OtpConfig, SmsAuthorizationsService],
})
export class OtpModule {}
