import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock, Page, PageOf, RequireScope } from '@app/core';
import { UsersAdminService } from '../users-admin.service';
import {
  CreateUserRequest,
  OrganizationView,
  SetPasswordRequest,
  UpdateUserRequest,
  UserAdminView,
  UserListQuery,
} from './user.dto';

@ApiTags('admin')
@Controller('admin/users')
@RequireScope('admin')
export class UsersAdminController {
  constructor(
    private readonly users: UsersAdminService,
    private readonly clock: Clock,
  ) {}

  /** Creates an ACTIVE user; 201 with the user (including its userId). */
  @Post()
  @ApiCreatedResponse({ type: UserAdminView })
  @ApiConflictResponse({ description: 'The userId, or the username within the organization, is taken.' })
  async create(@Body() body: CreateUserRequest): Promise<UserAdminView> {
    return this.view(await this.users.create(body));
  }

  /** Pages through users, optionally filtered by a search text, organization and status. */
  @Get()
  @ApiOkResponse({ type: PageOf(UserAdminView) })
  async list(@Query() query: UserListQuery): Promise<Page<UserAdminView>> {
    const { items, total } = await this.users.list(query);
    return { items: items.map((u) => this.view(u)), page: query.page, size: query.size, total };
  }

  /** One user of the directory. */
  @Get(':userId')
  async get(@Param('userId') userId: string): Promise<UserAdminView> {
    return this.view(await this.users.get(userId));
  }

  /** Changes the given fields; null clears phoneNumber or email. */
  @Patch(':userId')
  @ApiConflictResponse({ description: 'The new username is taken within the organization.' })
  async update(@Param('userId') userId: string, @Body() body: UpdateUserRequest): Promise<UserAdminView> {
    return this.view(await this.users.update(userId, body));
  }

  /** Makes the user NOT_ACTIVE: no password check succeeds until unblocked. */
  @Post(':userId/block')
  @HttpCode(200)
  async block(@Param('userId') userId: string): Promise<UserAdminView> {
    return this.view(await this.users.setStatus(userId, 'NOT_ACTIVE'));
  }

  /** Makes the user ACTIVE again and lifts a temporary lock. */
  @Post(':userId/unblock')
  @HttpCode(200)
  async unblock(@Param('userId') userId: string): Promise<UserAdminView> {
    return this.view(await this.users.setStatus(userId, 'ACTIVE'));
  }

  /** Replaces the password; also resets failed attempts and lifts a temporary lock. */
  @Put(':userId/password')
  @HttpCode(204)
  async setPassword(@Param('userId') userId: string, @Body() body: SetPasswordRequest): Promise<void> {
    await this.users.setPassword(userId, body.password);
  }

  private view(user: Parameters<typeof UserAdminView.of>[0]): UserAdminView {
    return UserAdminView.of(user, this.clock.now());
  }
}

@ApiTags('admin')
@Controller('admin/organizations')
@RequireScope('admin')
export class OrganizationsAdminController {
  constructor(private readonly users: UsersAdminService) {}

  /** The organizations users can belong to (seeded: DEFAULT, RETAIL). */
  @Get()
  @ApiOkResponse({ type: OrganizationView, isArray: true })
  async list(): Promise<OrganizationView[]> {
    return this.users.listOrganizations();
  }
}
