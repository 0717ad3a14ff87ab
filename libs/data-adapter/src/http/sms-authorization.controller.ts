import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OkEnvelope, RequestEnvelope, RequireScope } from '@app/core';
import { DataAdapterConfig } from '../data-adapter.config';
import { DataAdapterSmsService, SmsVerifyInput } from '../services/data-adapter-sms.service';
import {
  CreateSmsAuthorizationRequest,
  CreateSmsAuthorizationResponse,
  VerifySmsAndPasswordRequest,
  VerifySmsAndPasswordResponse,
  VerifySmsAuthorizationRequest,
  VerifySmsAuthorizationResponse,
} from './dto/sms.dto';
import { operationIdOf, requireOperationContext, validateSmsCreate } from './validators';

class CreateSmsBody extends RequestEnvelope(CreateSmsAuthorizationRequest) {}
class VerifySmsBody extends RequestEnvelope(VerifySmsAuthorizationRequest) {}
class VerifySmsAndPasswordBody extends RequestEnvelope(VerifySmsAndPasswordRequest) {}

@ApiTags('data adapter')
@Controller('data-adapter/api/auth/sms')
@RequireScope('data-adapter')
export class SmsAuthorizationController {
  constructor(
    private readonly sms: DataAdapterSmsService,
    private readonly config: DataAdapterConfig,
  ) {}

  /** Generates a code bound to the operation data and sends it to the user's phone. */
  @Post('create')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(CreateSmsAuthorizationResponse) })
  create(@Body() body: CreateSmsBody): Promise<CreateSmsAuthorizationResponse> {
    const request = body.requestObject;
    const items = validateSmsCreate(request, this.config.limits);
    return this.sms.create({
      userId: request.userId,
      organizationId: request.organizationId,
      accountStatus: request.accountStatus,
      operationId: operationIdOf(request),
      operationName: request.operationContext!.name!,
      items,
      lang: request.lang,
    });
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(VerifySmsAuthorizationResponse) })
  verify(@Body() body: VerifySmsBody): Promise<VerifySmsAuthorizationResponse> {
    requireOperationContext(body.requestObject);
    return this.sms.verify(verifyInput(body.requestObject));
  }

  /** SMS code and password together (2FA); a correct code may be retried while only the password failed. */
  @Post('password/verify')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(VerifySmsAndPasswordResponse) })
  verifyWithPassword(@Body() body: VerifySmsAndPasswordBody): Promise<VerifySmsAndPasswordResponse> {
    const request = body.requestObject;
    requireOperationContext(request);
    return this.sms.verifyWithPassword(verifyInput(request), {
      password: request.password,
      passwordProtection: request.authenticationContext?.passwordProtection,
      cipherTransformation: request.authenticationContext?.cipherTransformation,
    });
  }
}

function verifyInput(request: VerifySmsAuthorizationRequest): SmsVerifyInput {
  const context = request.operationContext!;
  return {
    userId: request.userId,
    organizationId: request.organizationId,
    accountStatus: request.accountStatus,
    messageId: request.messageId,
    authorizationCode: request.authorizationCode,
    operationId: context.id,
    operationName: context.name,
    formData: context.formData,
  };
}
