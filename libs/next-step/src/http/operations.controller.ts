import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OkEnvelope, OkStatusEnvelope, RequireScope } from '@app/core';
import { OperationQueriesService, OperationsService } from '@app/operations';
import {
  ChosenAuthMethodBody,
  CreateOperationBody,
  OperationConfigBody,
  OperationIdBody,
  PendingOperationsBody,
  UpdateFormDataBody,
  UpdateOperationBody,
} from './next-step.dto';
import { createdView, detailView, updatedView } from './next-step.mappers';
import {
  CreateOperationResponse,
  OperationConfigListResponse,
  OperationConfigResponse,
  OperationDetailResponse,
  UpdateOperationResponse,
} from './next-step-responses.dto';

@ApiTags('next-step')
@Controller('next-step')
@RequireScope('next-step')
export class OperationsController {
  constructor(
    private readonly operations: OperationsService,
    private readonly queries: OperationQueriesService,
  ) {}

  /** Creates an operation; its first steps come from the CREATE step definitions. */
  @Post('operation')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(CreateOperationResponse) })
  async create(@Body() body: CreateOperationBody): Promise<CreateOperationResponse> {
    return createdView(await this.operations.create(body.requestObject));
  }

  /** Reports the result of a step and moves the operation on (POST alias for 0.22+ clients). */
  @Put('operation')
  @ApiOkResponse({ type: OkEnvelope(UpdateOperationResponse) })
  async update(@Body() body: UpdateOperationBody): Promise<UpdateOperationResponse> {
    return updatedView(await this.operations.update(body.requestObject));
  }

  /** Reports a step result (POST alias of PUT /operation). */
  @Post('operation/update')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(UpdateOperationResponse) })
  updateAlias(@Body() body: UpdateOperationBody): Promise<UpdateOperationResponse> {
    return this.update(body);
  }

  /** The operation with its current steps and history. */
  @Post('operation/detail')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(OperationDetailResponse) })
  async detail(@Body() body: OperationIdBody): Promise<OperationDetailResponse> {
    return detailView(await this.queries.detail(body.requestObject.operationId));
  }

  /** Pending operations of a user: `{userId, authMethod}` (0.21) or `{userId, mobileTokenOnly}` (0.22). */
  @Post('user/operation/list')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(OperationDetailResponse, { isArray: true }) })
  async pending(@Body() body: PendingOperationsBody): Promise<OperationDetailResponse[]> {
    return (await this.queries.pending(body.requestObject)).map(detailView);
  }

  /** Merges formData.userInput into the operation's form data. */
  @Put('operation/formData')
  @ApiOkResponse({ type: OkStatusEnvelope })
  async updateFormData(@Body() body: UpdateFormDataBody): Promise<void> {
    await this.queries.updateUserInput(body.requestObject.operationId, body.requestObject.formData.userInput);
  }

  /** Merges formData.userInput (POST alias of PUT /operation/formData). */
  @Post('operation/formData/update')
  @HttpCode(200)
  @ApiOkResponse({ type: OkStatusEnvelope })
  updateFormDataAlias(@Body() body: UpdateFormDataBody): Promise<void> {
    return this.updateFormData(body);
  }

  /** Records the method the user chose among the current steps. */
  @Put('operation/chosenAuthMethod')
  @ApiOkResponse({ type: OkStatusEnvelope })
  async chooseAuthMethod(@Body() body: ChosenAuthMethodBody): Promise<void> {
    await this.queries.chooseAuthMethod(body.requestObject.operationId, body.requestObject.chosenAuthMethod);
  }

  /** Records the chosen method (POST alias of PUT /operation/chosenAuthMethod). */
  @Post('operation/chosenAuthMethod/update')
  @HttpCode(200)
  @ApiOkResponse({ type: OkStatusEnvelope })
  chooseAuthMethodAlias(@Body() body: ChosenAuthMethodBody): Promise<void> {
    return this.chooseAuthMethod(body);
  }

  /** Configuration of an operation name (0.21 path; 0.22 alias /operation/config/detail). */
  @Post('operation/config')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(OperationConfigResponse) })
  config(@Body() body: OperationConfigBody): Promise<OperationConfigResponse> {
    return this.queries.config(body.requestObject.operationName);
  }

  /** Configuration of an operation name (0.22 path). */
  @Post('operation/config/detail')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(OperationConfigResponse) })
  configAlias(@Body() body: OperationConfigBody): Promise<OperationConfigResponse> {
    return this.config(body);
  }

  /** Configurations of every operation name. */
  @Post('operation/config/list')
  @HttpCode(200)
  @ApiOkResponse({ type: OkEnvelope(OperationConfigListResponse) })
  async configs(): Promise<OperationConfigListResponse> {
    return { operationConfigs: await this.queries.configs() };
  }
}
