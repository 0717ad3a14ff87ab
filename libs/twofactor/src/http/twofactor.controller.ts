import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiNoBody, ApiPrincipal, CurrentClient, NoBody, type StrictBody, StrictBodyPipe } from '@app/core';
import { TwoFactorSettingsService } from '../settings.service';
import { UserTokensService } from '../tokens.service';
import { TotpService } from '../totp.service';
import { TwoFactorService } from '../twofactor.service';
import { TwoFactorError } from '../twofactor.errors';
import { TwoFactorAudit } from '../twofactor-audit';
import { Access, BackOfficeCaller, CurrentCaller } from './access';
import { bindingOf, bodyOrQuery } from './request-forms';
import {
  AccessTokenView,
  ConfigurationChangesView,
  DeliveryMethodDto,
  IntrospectionView,
  InvalidatedView,
  OtpRequestedView,
  RequestOtpRequest,
  TokenRequest,
  TotpConfirmedView,
  TotpEnrolmentView,
  ValidateOtpRequest,
} from './twofactor.dto';
import { dateTimeText, localDateTime } from './wire-dates';

@ApiTags('v1 two-factor')
@Controller('v1/twofactor')
export class TwoFactorController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly tokens: UserTokensService,
    private readonly totp: TotpService,
    private readonly settings: TwoFactorSettingsService,
    private readonly audit: TwoFactorAudit,
  ) {}

  /** The caller's second factors, targets masked. */
  @Get()
  @Access.user({ mfa: 'IGNORED' })
  @ApiOkResponse({ type: DeliveryMethodDto, isArray: true })
  methods(@CurrentCaller() caller: BackOfficeCaller): Promise<DeliveryMethodDto[]> {
    return this.twoFactor.deliveryMethods(caller.access);
  }

  /** Sends a new OTP by e-mail or SMS (replacing the previous one); body or the upstream's query form. */
  @Post()
  @HttpCode(200)
  @Access.user({ permission: 'REQUEST_OTP', mfa: 'IGNORED' })
  @ApiBody({ type: RequestOtpRequest, required: false })
  @ApiQuery({ name: 'deliveryMethod', required: false, enum: ['EMAIL', 'SMS'] })
  @ApiQuery({ name: 'extendedToken', required: false, type: Boolean })
  @ApiOkResponse({ type: OtpRequestedView })
  @ApiTooManyRequestsResponse({
    description: 'Within 30 s of the last request, or 5 requests in the last hour (Retry-After).',
  })
  async request(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ): Promise<OtpRequestedView> {
    const input = await bodyOrQuery(RequestOtpRequest, body, query, {
      keys: ['deliveryMethod', 'extendedToken'],
      booleans: ['extendedToken'],
    });
    const result = await this.twoFactor.requestOtp(caller.access, {
      deliveryMethod: input.deliveryMethod,
      extendedToken: input.extendedToken ?? false,
      binding: bindingOf(input),
    });
    return { expirationTime: localDateTime(result.expirationTime), requestTime: localDateTime(result.requestTime) };
  }

  /** Exchanges an OTP (or TOTP) code for a two-factor access token, or an operation token. */
  @Post('validate')
  @HttpCode(200)
  @Access.user({ permission: 'REQUEST_TOKEN_MFA', mfa: 'IGNORED' })
  @ApiBody({ type: ValidateOtpRequest, required: false })
  @ApiQuery({ name: 'token', required: false, description: 'Upstream form; prefer the body.' })
  @ApiQuery({ name: 'deliveryMethod', required: false, enum: ['EMAIL', 'SMS', 'TOTP'], description: 'Upstream form.' })
  @ApiOkResponse({ type: AccessTokenView })
  async validate(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body() body: unknown,
    @Query() query: Record<string, unknown>,
  ): Promise<AccessTokenView> {
    const input = await bodyOrQuery(ValidateOtpRequest, body, query, { keys: ['deliveryMethod', 'token'] });
    const result = await this.twoFactor.validate(
      caller.access,
      { deliveryMethod: input.deliveryMethod, code: input.token, binding: bindingOf(input) },
      caller.origin,
    );
    if (result.kind === 'OPERATION_TOKEN') {
      return {
        operationToken: result.operationToken,
        validTo: dateTimeText(result.validTo),
        validFrom: dateTimeText(result.validFrom),
      };
    }
    return {
      token: result.token.token,
      validTo: dateTimeText(result.token.validTo),
      validFrom: dateTimeText(result.token.validFrom),
    };
  }

  /** Revokes one of the caller's own two-factor tokens (logout; no permission needed). */
  @Post('invalidate')
  @HttpCode(200)
  @Access.user({ mfa: 'IGNORED' })
  @ApiBody({ type: TokenRequest })
  @ApiOkResponse({ type: InvalidatedView })
  async invalidate(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body(new StrictBodyPipe(TokenRequest)) body: StrictBody<TokenRequest>,
  ): Promise<InvalidatedView> {
    if (!(await this.tokens.invalidate(caller.access, body.token))) {
      throw new TwoFactorError('ACCESS_TOKEN_INVALID', 'The provided access token is invalid');
    }
    return { invalidated: true };
  }

  /** For the bank's services: is this two-factor token active (never why not). */
  @Post('introspect')
  @HttpCode(200)
  @Access.client('two-factor')
  @ApiBody({ type: TokenRequest })
  @ApiOkResponse({ type: IntrospectionView })
  async introspect(
    @Body(new StrictBodyPipe(TokenRequest)) body: StrictBody<TokenRequest>,
    @CurrentClient() client: ApiPrincipal,
  ): Promise<IntrospectionView> {
    const result = await this.tokens.introspect(body.token, client.clientId);
    if (!result.active) return { active: false };
    return {
      active: true,
      userId: result.userId,
      validFrom: dateTimeText(result.validFrom!),
      validTo: dateTimeText(result.validTo!),
      extended: result.extended,
    };
  }

  /** The two-factor settings (OTP delivery, templates, lifetimes). */
  @Get('configure')
  @Access.user({ permission: 'TWOFACTOR_CONFIG', mfa: 'REQUIRED' })
  @ApiOkResponse({ type: Object })
  async configuration(): Promise<Record<string, unknown>> {
    return { ...(await this.settings.current()) };
  }

  /** Changes settings (every replica uses them from the next request on). */
  @Put('configure')
  @Access.user({ permission: 'TWOFACTOR_CONFIG', mfa: 'REQUIRED' })
  @ApiBody({
    schema: {
      type: 'object',
      description: 'The settings to change, by key (those GET answers); unknown keys or bad values are a 400.',
      additionalProperties: true,
      example: { 'otp-token-live-time': 300, 'otp-delivery-sms-enable': true },
    },
  })
  @ApiOkResponse({ type: ConfigurationChangesView })
  async configure(@CurrentCaller() caller: BackOfficeCaller, @Body() body: unknown): Promise<ConfigurationChangesView> {
    const changes = await this.settings.update(body);
    await this.audit.record('CONFIG_CHANGED', caller.access.user.userId, { keys: Object.keys(changes).join(',') });
    return { changes };
  }

  /** Starts a TOTP enrolment: the secret, its otpauth:// URI and a QR code (PNG), shown once. */
  @Post('totp')
  @HttpCode(200)
  @Access.user({ mfa: 'IF_FACTOR' })
  @ApiNoBody()
  @ApiOkResponse({ type: TotpEnrolmentView })
  enrol(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<TotpEnrolmentView> {
    return this.totp.enrol(caller.access);
  }

  /** Activates the pending enrolment with a current code. */
  @Post('totp/confirm')
  @HttpCode(200)
  @Access.user({ mfa: 'IF_FACTOR' })
  @ApiBody({ type: TokenRequest })
  @ApiOkResponse({ type: TotpConfirmedView })
  async confirm(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body(new StrictBodyPipe(TokenRequest)) body: StrictBody<TokenRequest>,
  ): Promise<TotpConfirmedView> {
    if (!(await this.twoFactor.confirmTotp(caller.access, body.token))) {
      throw new TwoFactorError('OTP_INVALID', 'The provided one time token is invalid');
    }
    return { active: true };
  }

  /** Removes the user's TOTP authenticator. */
  @Delete('totp')
  @Access.user({ mfa: 'REQUIRED' })
  @ApiNoBody()
  @ApiOkResponse({ type: TotpConfirmedView })
  async remove(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<TotpConfirmedView> {
    await this.totp.remove(caller.access);
    return { active: false };
  }
}
