import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthMethodsService } from '@app/auth-methods';
import { OkEnvelope, RequireScope } from '@app/core';
import { UpdateUserAuthMethodBody, UserAuthMethodListBody } from './next-step.dto';
import { authMethodView, userAuthMethods } from './next-step.mappers';
import { AuthMethodListResponse, UserAuthMethodListResponse } from './next-step-responses.dto';

@ApiTags('next-step')
@Controller('next-step')
@RequireScope('next-step')
export class AuthMethodsController {
  constructor(private readonly authMethods: AuthMethodsService) {}

  /** The catalogue of authentication methods, in order (the body `{"requestObject":{}}` carries nothing). */
  @Post('auth-method/list')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(AuthMethodListResponse) })
  async list(): Promise<AuthMethodListResponse> {
    return { authMethods: (await this.authMethods.catalogue()).map(authMethodView) };
  }

  /** Methods enabled for a user (with their configuration). */
  @Post('user/auth-method/list')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserAuthMethodListResponse) })
  async listForUser(@Body() body: UserAuthMethodListBody): Promise<UserAuthMethodListResponse> {
    const userId = body.requestObject.userId ?? null;
    return userAuthMethods(userId, await this.authMethods.enabledFor(userId));
  }

  /** Enables a method for a user, e.g. POWERAUTH_TOKEN with {"activationId": …}. */
  @Post('user/auth-method')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserAuthMethodListResponse) })
  async enable(@Body() body: UpdateUserAuthMethodBody): Promise<UserAuthMethodListResponse> {
    const { userId, authMethod, config } = body.requestObject;
    return userAuthMethods(userId, await this.authMethods.enable(userId, authMethod, config ?? null));
  }

  /** Disables a method for a user (DELETE with a body; POST alias for proxies that drop it). */
  @Delete('user/auth-method')
  @ApiOkResponse({ type: OkEnvelope(UserAuthMethodListResponse) })
  async disable(@Body() body: UpdateUserAuthMethodBody): Promise<UserAuthMethodListResponse> {
    const { userId, authMethod } = body.requestObject;
    return userAuthMethods(userId, await this.authMethods.disable(userId, authMethod));
  }

  /** Disables a method for a user (POST alias of DELETE /user/auth-method). */
  @Post('user/auth-method/delete')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserAuthMethodListResponse) })
  disableAlias(@Body() body: UpdateUserAuthMethodBody): Promise<UserAuthMethodListResponse> {
    return this.disable(body);
  }
}
