import { Module, OnModuleInit } from '@nestjs/common';
import { WireDialects, plainDialectWith } from '@app/core';
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
export class UsersHttpModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    const conflict = { status: 409 };
    this.dialects.register(
      '/admin/users',
      plainDialectWith({ USER_ALREADY_EXISTS: conflict, USERNAME_TAKEN: conflict, ACCOUNT_ALREADY_EXISTS: conflict }),
    );
    this.dialects.register('/admin/roles', plainDialectWith({ ROLE_ALREADY_EXISTS: conflict, ROLE_IN_USE: conflict }));
  }
}
