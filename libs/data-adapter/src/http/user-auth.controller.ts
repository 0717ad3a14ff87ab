import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OkEnvelope, RequestEnvelope, RequireScope } from '@app/core';
import { DataAdapterConfig } from '../data-adapter.config';
import { DataAdapterUsersService } from '../services/data-adapter-users.service';
import {
  UserAuthenticationRequest,
  UserAuthenticationResponse,
  UserDetailRequest,
  UserDetailResponse,
  UserLookupRequest,
} from './dto/user.dto';
import { validateAuthentication, validateLookup } from './validators';

class UserLookupBody extends RequestEnvelope(UserLookupRequest) {}
class UserAuthenticationBody extends RequestEnvelope(UserAuthenticationRequest) {}
class UserDetailBody extends RequestEnvelope(UserDetailRequest) {}

@ApiTags('data adapter')
@Controller('data-adapter/api/auth/user')
@RequireScope('data-adapter')
export class UserAuthController {
  constructor(
    private readonly users: DataAdapterUsersService,
    private readonly config: DataAdapterConfig,
  ) {}

  /** Username → user id; an unknown username gets a null id. */
  @Post('lookup')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserDetailResponse) })
  lookup(@Body() body: UserLookupBody): Promise<UserDetailResponse> {
    const request = body.requestObject;
    validateLookup(request, this.config.limits);
    return this.users.lookup(request.organizationId!, request.username!);
  }

  /** Password check (plain or PASSWORD_ENCRYPTION_AES) with the directory's lockout. */
  @Post('authenticate')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserAuthenticationResponse) })
  authenticate(@Body() body: UserAuthenticationBody): Promise<UserAuthenticationResponse> {
    const request = body.requestObject;
    validateAuthentication(request, this.config.limits);
    return this.users.checkPassword({
      userId: request.userId!,
      organizationId: request.organizationId,
      password: request.password,
      passwordProtection: request.authenticationContext?.passwordProtection,
      cipherTransformation: request.authenticationContext?.cipherTransformation,
    });
  }

  @Post('info')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UserDetailResponse) })
  info(@Body() body: UserDetailBody): Promise<UserDetailResponse> {
    return this.users.info(body.requestObject.userId, body.requestObject.organizationId);
  }
}
