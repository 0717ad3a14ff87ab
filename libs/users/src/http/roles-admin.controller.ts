import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, PageQuery, RequireScope } from '@app/core';
import { RolesService } from '../roles.service';
import { CreateRoleRequest, RoleAdminView, SetUserRolesRequest, UpdateRoleRequest, UserRolesView } from './role.dto';

/** Roles of back-office users and their permissions (twofactor-api.md §2). */
@ApiTags('admin')
@Controller('admin/roles')
@RequireScope('admin')
export class RolesAdminController {
  constructor(private readonly roles: RolesService) {}

  /** Creates a role with its permissions (409 when the name is taken). */
  @Post()
  @ApiCreatedResponse({ type: RoleAdminView })
  @ApiConflictResponse({ description: 'A role with this name exists (ROLE_ALREADY_EXISTS).' })
  create(@Body() body: CreateRoleRequest): Promise<RoleAdminView> {
    return this.roles.create(body);
  }

  /** The roles and their permissions. */
  @Get()
  @ApiOkResponse({ type: PageOf(RoleAdminView) })
  async list(@Query() query: PageQuery): Promise<Page<RoleAdminView>> {
    const { items, total } = await this.roles.list(query.page, query.size);
    return { items, page: query.page, size: query.size, total };
  }

  /** One role and its permissions. */
  @Get(':name')
  @ApiOkResponse({ type: RoleAdminView })
  get(@Param('name') name: string): Promise<RoleAdminView> {
    return this.roles.get(name);
  }

  /** Changes the given fields; a change of permissions revokes the tokens of every holder. */
  @Put(':name')
  @ApiOkResponse({ type: RoleAdminView })
  update(@Param('name') name: string, @Body() body: UpdateRoleRequest): Promise<RoleAdminView> {
    return this.roles.update(name, body);
  }

  /** 409 while the role is still assigned. */
  @Delete(':name')
  @HttpCode(204)
  @ApiConflictResponse({ description: 'The role is still assigned to users (ROLE_IN_USE).' })
  async delete(@Param('name') name: string): Promise<void> {
    await this.roles.delete(name);
  }
}

@ApiTags('admin')
@Controller('admin/users')
@RequireScope('admin')
export class UserRolesAdminController {
  constructor(private readonly roles: RolesService) {}

  /** The roles assigned to a user. */
  @Get(':userId/roles')
  @ApiOkResponse({ type: UserRolesView })
  async get(@Param('userId') userId: string): Promise<UserRolesView> {
    return { userId, roles: await this.roles.rolesOf(userId) };
  }

  /** Replaces the user's roles; revokes the user's tokens. */
  @Put(':userId/roles')
  @ApiOkResponse({ type: UserRolesView })
  async set(@Param('userId') userId: string, @Body() body: SetUserRolesRequest): Promise<UserRolesView> {
    return { userId, roles: await this.roles.assign(userId, body.roles) };
  }
}
