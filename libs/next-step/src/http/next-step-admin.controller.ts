import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiParam } from '@nestjs/swagger';
import { AuthMethodsService } from '@app/auth-methods';
import { Page, PageOf, RequireScope, RequestValidationError } from '@app/core';
import { NextStepAdminService } from '@app/operations';
import {
  AuthMethodEntryView,
  CreateStepDefinitionRequest,
  OperationConfigView,
  SaveAuthMethodRequest,
  SaveOperationConfigRequest,
  StepDefinitionQuery,
  StepDefinitionView,
} from './next-step-admin.dto';

const NAME = /^[A-Za-z0-9_.-]{2,64}$/;
function pathName(value: string, field: string): string {
  if (!NAME.test(value)) {
    throw new RequestValidationError([{ path: field, rule: 'matches', message: `${field} must match ${NAME}` }]);
  }
  return value;
}

/** Administration of Next Step: step definitions, operation configurations, auth-method catalogue. */
@ApiTags('admin')
@Controller('admin/next-step')
@RequireScope('admin')
export class NextStepAdminController {
  constructor(
    private readonly admin: NextStepAdminService,
    private readonly authMethods: AuthMethodsService,
  ) {}

  /** The step-definition table (which step follows which result). */
  @Get('step-definitions')
  @ApiOkResponse({ type: PageOf(StepDefinitionView) })
  async listSteps(@Query() query: StepDefinitionQuery): Promise<Page<StepDefinitionView>> {
    const { items, total } = await this.admin.listStepDefinitions(query.operationName, query.page, query.size);
    return { items, page: query.page, size: query.size, total };
  }

  /** Adds a row; validated against the catalogue and the other rows of the operation. */
  @Post('step-definitions')
  createStep(@Body() body: CreateStepDefinitionRequest): Promise<StepDefinitionView> {
    return this.admin.createStepDefinition(body);
  }

  /** Deletes a step-definition row. */
  @Delete('step-definitions/:id')
  @HttpCode(204)
  @ApiParam({ name: 'id', type: 'integer' })
  deleteStep(@Param('id', ParseIntPipe) id: number): Promise<void> {
    return this.admin.deleteStepDefinition(id);
  }

  /** Operation configurations (template, mobile token, AFS, expiration). */
  @Get('operation-configs')
  listConfigs(): Promise<OperationConfigView[]> {
    return this.admin.listOperationConfigs();
  }

  /** Creates or replaces the configuration of an operation name. */
  @Put('operation-configs/:operationName')
  saveConfig(
    @Param('operationName') name: string,
    @Body() body: SaveOperationConfigRequest,
  ): Promise<OperationConfigView> {
    return this.admin.saveOperationConfig({ ...body, operationName: pathName(name, 'operationName') });
  }

  /** Deletes the configuration of an operation name. */
  @Delete('operation-configs/:operationName')
  @HttpCode(204)
  deleteConfig(@Param('operationName') name: string): Promise<void> {
    return this.admin.deleteOperationConfig(name);
  }

  /** The authentication-method catalogue. */
  @Get('auth-methods')
  listAuthMethods(): Promise<AuthMethodEntryView[]> {
    return this.authMethods.catalogue();
  }

  /** Creates or replaces a catalogue entry. */
  @Put('auth-methods/:authMethod')
  saveAuthMethod(
    @Param('authMethod') authMethod: string,
    @Body() body: SaveAuthMethodRequest,
  ): Promise<AuthMethodEntryView> {
    if (!/^[A-Z0-9_]{2,32}$/.test(authMethod)) {
      throw new RequestValidationError([
        { path: 'authMethod', rule: 'matches', message: 'authMethod must be A-Z 0-9 _' },
      ]);
    }
    return this.admin.saveAuthMethod({ ...body, authMethod });
  }

  /** Deletes a catalogue entry. */
  @Delete('auth-methods/:authMethod')
  @HttpCode(204)
  deleteAuthMethod(@Param('authMethod') authMethod: string): Promise<void> {
    return this.admin.deleteAuthMethod(authMethod);
  }
}
