import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OkEnvelope, OkStatusEnvelope, RequestEnvelope, RequireScope } from '@app/core';
import { FieldRejections } from '../wire/da-validation';
import { FormDataDecoratorService } from '../services/form-data-decorator.service';
import { OperationNotificationsService } from '../services/operation-notifications.service';
import {
  DecorateOperationFormDataRequest,
  DecorateOperationFormDataResponse,
  FormDataChangeNotificationRequest,
  OperationChangeNotificationRequest,
} from './dto/operation.dto';
import { operationIdOf, requireOperationContext } from './validators';

class DecorateBody extends RequestEnvelope(DecorateOperationFormDataRequest) {}
class FormDataChangeBody extends RequestEnvelope(FormDataChangeNotificationRequest) {}
class OperationChangeBody extends RequestEnvelope(OperationChangeNotificationRequest) {}

@ApiTags('data adapter')
@Controller('data-adapter/api/operation')
@RequireScope('data-adapter')
export class OperationController {
  constructor(
    private readonly decorator: FormDataDecoratorService,
    private readonly notifications: OperationNotificationsService,
  ) {}

  /** Adds the user's bank accounts to a payment's form data. */
  @Post('formdata/decorate')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(DecorateOperationFormDataResponse) })
  async decorate(@Body() body: DecorateBody): Promise<DecorateOperationFormDataResponse> {
    const request = body.requestObject;
    requireOperationContext(request);
    const context = request.operationContext!;
    return {
      formData: await this.decorator.decorate(request.userId, request.organizationId, context.name, context.formData),
    };
  }

  @Post('formdata/change')
  @HttpCode(200)
  @ApiOkResponse({ type: OkStatusEnvelope })
  async formDataChanged(@Body() body: FormDataChangeBody): Promise<void> {
    const request = body.requestObject;
    requireOperationContext(request);
    const change = request.formDataChange;
    if (!change) new FieldRejections().reject('requestObject.formDataChange', 'formDataChange.missing').throwIfAny();
    await this.notifications.formDataChanged(notification(request), change!.type, {
      ...(change!.type === 'BANK_ACCOUNT_CHOICE' ? { bankAccountId: change!.bankAccountId ?? null } : {}),
      ...(change!.type === 'AUTH_METHOD_CHOICE' ? { chosenAuthMethod: change!.chosenAuthMethod ?? null } : {}),
    });
  }

  /** DONE / CANCELED / FAILED: recorded, and the operation's SMS codes stop working. */
  @Post('change')
  @HttpCode(200)
  @ApiOkResponse({ type: OkStatusEnvelope })
  async operationChanged(@Body() body: OperationChangeBody): Promise<void> {
    const request = body.requestObject;
    requireOperationContext(request);
    if (!request.operationChange) {
      new FieldRejections().reject('requestObject.operationChange', 'operationChange.missing').throwIfAny();
    }
    await this.notifications.operationChanged(notification(request), request.operationChange!);
  }
}

function notification(request: FormDataChangeNotificationRequest | OperationChangeNotificationRequest) {
  return {
    operationId: operationIdOf(request),
    operationName: request.operationContext!.name,
    userId: request.userId,
    organizationId: request.organizationId,
  };
}
