import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OkEnvelope, RequestEnvelope, RequireScope } from '@app/core';
import { ConsentService } from '@app/consent';
import { DataAdapterConfig } from '../data-adapter.config';
import {
  CreateConsentFormRequest,
  CreateConsentFormResponse,
  InitConsentFormRequest,
  InitConsentFormResponse,
  SaveConsentFormRequest,
  SaveConsentFormResponse,
  ValidateConsentFormRequest,
  ValidateConsentFormResponse,
} from './dto/consent.dto';
import { validateConsent } from './validators';

class InitConsentBody extends RequestEnvelope(InitConsentFormRequest) {}
class CreateConsentBody extends RequestEnvelope(CreateConsentFormRequest) {}
class ValidateConsentBody extends RequestEnvelope(ValidateConsentFormRequest) {}
class SaveConsentBody extends RequestEnvelope(SaveConsentFormRequest) {}

@ApiTags('data adapter')
@Controller('data-adapter/api/auth/consent')
@RequireScope('data-adapter')
export class ConsentController {
  constructor(
    private readonly consents: ConsentService,
    private readonly config: DataAdapterConfig,
  ) {}

  /** Whether a consent form exists for the operation; the (English) form itself comes along. */
  @Post('init')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(InitConsentFormResponse) })
  async init(@Body() body: InitConsentBody): Promise<InitConsentFormResponse> {
    const request = body.requestObject;
    validateConsent(request, { lang: false, options: false }, this.config.limits);
    const name = request.operationContext!.name!;
    if (!(await this.consents.shouldDisplay(name))) return { shouldDisplayConsentForm: false };
    return { shouldDisplayConsentForm: true, ...withValues(await this.consents.createForm(name, 'en')) };
  }

  @Post('create')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(CreateConsentFormResponse) })
  async create(@Body() body: CreateConsentBody): Promise<CreateConsentFormResponse> {
    const request = body.requestObject;
    validateConsent(request, { lang: true, options: false }, this.config.limits);
    return withValues(await this.consents.createForm(request.operationContext!.name!, request.lang));
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(ValidateConsentFormResponse) })
  validate(@Body() body: ValidateConsentBody): Promise<ValidateConsentFormResponse> {
    const request = body.requestObject;
    validateConsent(request, { lang: true, options: true }, this.config.limits);
    return this.consents.validate(request.operationContext!.name!, request.lang, request.options!);
  }

  /** Records the consent (user, operation, options, time). */
  @Post('save')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(SaveConsentFormResponse) })
  async save(@Body() body: SaveConsentBody): Promise<SaveConsentFormResponse> {
    const request = body.requestObject;
    validateConsent(request, { lang: false, options: true }, this.config.limits);
    await this.consents.save({
      userId: request.userId!,
      organizationId: request.organizationId?.slice(0, 256) ?? null,
      operationId: request.operationContext!.id?.slice(0, 256) ?? null,
      operationName: request.operationContext!.name!,
      options: request.options!,
    });
    return { saveSucceeded: true };
  }
}

function withValues(form: Awaited<ReturnType<ConsentService['createForm']>>): CreateConsentFormResponse {
  return {
    consentHtml: form.consentHtml,
    options: form.options.map((o) => ({
      id: o.id,
      descriptionHtml: o.descriptionHtml,
      required: o.required,
      defaultValue: o.defaultValue,
      value: null,
    })),
  };
}
