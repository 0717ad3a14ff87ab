import { Module, OnModuleInit } from '@nestjs/common';
import { WireDialects } from '@app/core';
import { TwoFactorModule } from '../twofactor.module';
import { UserAccessGuard } from './access';
import { AuthenticationController } from './authentication.controller';
import { fineractDialect } from './fineract.dialect';
import { ProtectedOperationsController } from './protected-operations.controller';
import { TwoFactorController } from './twofactor.controller';

/** The back-office two-factor API under /v1, answering in the upstream's (Fineract) error shape. */
@Module({
  imports: [TwoFactorModule],
  controllers: [AuthenticationController, TwoFactorController, ProtectedOperationsController],
  providers: [UserAccessGuard],
})
export class TwoFactorHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    this.dialects.register('/v1', fineractDialect());
  }
}
