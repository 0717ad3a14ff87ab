import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, OkEnvelope, RequestEnvelope, RequireScope } from '@app/core';
import { singlePaymentAmount } from '@app/form-data';
import { AfsService } from '@app/afs';
import { isBlank } from '../wire/da-validation';
import { AfsRequest, AfsResponse } from './dto/afs.dto';

class AfsBody extends RequestEnvelope(AfsRequest) {}

@ApiTags('data adapter')
@Controller('data-adapter/api/afs')
@RequireScope('data-adapter')
export class AfsController {
  constructor(private readonly afs: AfsService) {}

  /** Records the action and answers with the first matching anti-fraud rule (default: 2FA, nothing applied). */
  @Post('action/execute')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(AfsResponse) })
  async execute(@Body() body: AfsBody): Promise<AfsResponse> {
    const request = body.requestObject;
    const context = request.operationContext;
    const parameters = request.afsRequestParameters;
    if (
      isBlank(request.userId) ||
      isBlank(request.organizationId) ||
      !context ||
      isBlank(context.id) ||
      !parameters?.afsAction ||
      !parameters.afsType
    ) {
      throw new DomainError('OPERATION_CONTEXT_INVALID', 'error.invalidRequest');
    }
    // a negative amount, or a small AMOUNT beside a large one, must not step down to 1FA
    const payment = singlePaymentAmount(context.formData?.parameters);
    const outcome = await this.afs.execute({
      operationId: context.id!.slice(0, 256),
      operationName: context.name?.slice(0, 32) ?? null,
      action: parameters.afsAction,
      afsType: parameters.afsType,
      stepIndex: parameters.stepIndex ?? null,
      userId: request.userId!.slice(0, 256),
      organizationId: request.organizationId!.slice(0, 256),
      username: parameters.username ?? null,
      clientIpAddress: parameters.clientIpAddress ?? null,
      authInstruments: parameters.authInstruments ?? [],
      authStepResult: parameters.authStepResult ?? null,
      operationTerminationReason: parameters.operationTerminationReason ?? null,
      amount: payment?.amount ?? null,
      currency: payment?.currency ?? null,
      extras: request.extras ?? {},
    });
    return {
      afsResponseApplied: outcome.afsResponseApplied,
      afsLabel: outcome.afsLabel,
      authStepOptions: { smsOtpRequired: outcome.smsOtpRequired, passwordRequired: outcome.passwordRequired },
      extras: {},
    };
  }
}
