import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { UserBankAccount } from './bank-account.entity';
import { Organization } from './organization.entity';
import { PasswordHasher } from './password-hasher';
import { UserAccountsService } from './user-accounts.service';
import { UserFailures } from './user-failures.service';
import { UserIdentity } from './user.entity';
import { UserRole, UserRoleAssignment } from './role.entity';
import { RolesService } from './roles.service';
import { UsersAdminService } from './users-admin.service';
import { usersConfigProvider } from './users.config';
import { UsersService } from './users.service';

/** The user directory: identities, credentials with lockout, contacts, bank accounts, roles and permissions. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, UserIdentity, UserBankAccount, UserRole, UserRoleAssignment]),
    AuditModule,
  ],
  providers: [
    usersConfigProvider,
    PasswordHasher,
    UserFailures,
    UsersService,
    UsersAdminService,
    UserAccountsService,
    RolesService,
  ],
  exports: [UsersService, UsersAdminService, UserAccountsService, RolesService, UserFailures],
})
export class UsersModule {}
