import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChallengesModule } from '@app/challenges';
import { UsersModule } from '@app/users';
import { TWOFACTOR_ENTITIES } from './entities';
import { OperationTokensService } from './operation-tokens.service';
import { ProtectedOperationsService } from './protected-operations.service';
import { TwoFactorSettingsService } from './settings.service';
import { UserTokensService } from './tokens.service';
import { TotpService } from './totp.service';
import { TwoFactorAudit } from './twofactor-audit';
import { TwoFactorService } from './twofactor.service';

/**
 * The back-office two-factor domain (/v1): user sessions and two-factor tokens, OTP by e-mail
 * and SMS, TOTP authenticators, settings and OTP-protected operations (CEL).
 */
@Module({
  imports: [TypeOrmModule.forFeature(TWOFACTOR_ENTITIES), UsersModule, ChallengesModule, AuditModule],
  providers: [
    TwoFactorAudit,
    TwoFactorSettingsService,
    UserTokensService,
    TotpService,
    OperationTokensService,
    ProtectedOperationsService,
    TwoFactorService,
  ],
  exports: [
    TwoFactorAudit,
    TwoFactorSettingsService,
    UserTokensService,
    TotpService,
    ProtectedOperationsService,
    TwoFactorService,
  ],
})
export class TwoFactorModule {}
