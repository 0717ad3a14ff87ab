import { Module } from '@nestjs/common';
import { UserAccountsAdminController } from './http/user-accounts-admin.controller';
import { OrganizationsAdminController, UsersAdminController } from './http/users-admin.controller';
import { RolesAdminController, UserRolesAdminController } from './http/roles-admin.controller';
import { UsersModule } from './users.module';

/** The /admin/users API (and /admin/organizations, /admin/roles). Imported by the API server only. */
@Module({
  imports: [UsersModule],
  controllers: [
    UsersAdminController,
    UserAccountsAdminController,
    OrganizationsAdminController,
    RolesAdminController,
    UserRolesAdminController,
  ],
})
export class UsersHttpModule {}
