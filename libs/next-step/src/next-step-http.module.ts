import { Module } from '@nestjs/common';
import { AuthMethodsModule } from '@app/auth-methods';
import { OperationsModule } from '@app/operations';

/** The Next Step server API under /next-step and its administration under /admin/next-step. */
@Module({
  imports: [AuthMethodsModule, OperationsModule],
})
export class NextStepHttpModule {}
