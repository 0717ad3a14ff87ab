import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, type StrictBody, StrictBodyPipe } from '@app/core';
import { UserTokensService } from '../tokens.service';
import { TwoFactorService } from '../twofactor.service';
import { AuthenticationRequest, AuthenticationView } from './twofactor.dto';
import { dateTimeText } from './wire-dates';

@ApiTags('v1 two-factor')
@Controller('v1/authentication')
export class AuthenticationController {
  constructor(
    private readonly tokens: UserTokensService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  /**
   * The first factor: username and password against the user directory (5 consecutive failures
   * lock the user). Answers a bearer token for 30 minutes and what the second factor can be.
   */
  @Post()
  @Public()
  @HttpCode(200)
  @ApiBody({ type: AuthenticationRequest })
  @ApiOkResponse({ type: AuthenticationView })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password, or the user is locked or blocked.' })
  async authenticate(
    @Body(new StrictBodyPipe(AuthenticationRequest)) body: StrictBody<AuthenticationRequest>,
  ): Promise<AuthenticationView> {
    const session = await this.tokens.authenticate(body.organizationId ?? 'DEFAULT', body.username, body.password);
    const methods = await this.twoFactor.deliveryMethods(session.access);
    return {
      userId: session.access.user.userId,
      username: session.access.user.username,
      accessToken: session.accessToken,
      validTo: dateTimeText(session.validTo),
      isTwoFactorAuthenticationRequired: !session.access.permissions.includes('BYPASS_TWOFACTOR'),
      mfaDeliveryMethods: methods.map((m) => m.name),
      permissions: session.access.permissions,
    };
  }
}
