import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthMethodEntry } from './auth-method.entity';
import { AuthMethodsService } from './auth-methods.service';
import { UserAuthMethod } from './user-auth-method.entity';

/** The auth-method catalogue and each user's enabled methods with their configuration. */
@Module({
  imports: [TypeOrmModule.forFeature([AuthMethodEntry, UserAuthMethod])],
  providers: [AuthMethodsService],
  exports: [AuthMethodsService],
})
export class AuthMethodsModule {}
