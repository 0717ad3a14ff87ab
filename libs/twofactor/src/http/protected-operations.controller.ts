import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags, ApiParam } from '@nestjs/swagger';
import { ApiPrincipal, CurrentClient, type StrictBody, StrictBodyPipe } from '@app/core';
import { ProtectedOperationsService } from '../protected-operations.service';
import { Access, BackOfficeCaller, CurrentCaller } from './access';
import {
  EvaluateRequest,
  EvaluationView,
  OffsetQuery,
  ProtectedOperationDto,
  ProtectedOperationPage,
  ProtectedOperationRequest,
  ResourceIdView,
  UpdateProtectedOperationRequest,
} from './twofactor.dto';

/** OTP-protected operations: which operations need an OTP when their CEL condition holds. */
@ApiTags('v1 two-factor')
@Controller('v1/otpProtectedOperation')
export class ProtectedOperationsController {
  constructor(private readonly operations: ProtectedOperationsService) {}

  /** 400 when the expression does not compile or reads a name that expressionParam does not declare. */
  @Post()
  @HttpCode(200)
  @Access.user({ permission: 'MANAGE_OTP_PROTECTED_OPERATION', mfa: 'REQUIRED' })
  @ApiBody({ type: ProtectedOperationRequest })
  @ApiOkResponse({ type: ResourceIdView })
  async create(
    @CurrentCaller() caller: BackOfficeCaller,
    @Body(new StrictBodyPipe(ProtectedOperationRequest)) body: StrictBody<ProtectedOperationRequest>,
  ): Promise<ResourceIdView> {
    return { resourceId: await this.operations.create(body, caller.access.user.userId) };
  }

  /** The OTP-protected operations, paged. */
  @Get()
  @Access.user({ permission: 'MANAGE_OTP_PROTECTED_OPERATION', mfa: 'REQUIRED' })
  @ApiOkResponse({ type: ProtectedOperationPage })
  async list(@Query() query: OffsetQuery): Promise<ProtectedOperationPage> {
    const { total, items } = await this.operations.list(query.offset, query.limit);
    return { totalFilteredRecords: total, pageItems: items };
  }

  /** For the bank's services: does this operation need an OTP now, and does the operation token satisfy it. */
  @Post('evaluate')
  @HttpCode(200)
  @Access.client('two-factor')
  @ApiBody({ type: EvaluateRequest })
  @ApiOkResponse({ type: EvaluationView })
  evaluate(
    @Body(new StrictBodyPipe(EvaluateRequest)) body: StrictBody<EvaluateRequest>,
    @CurrentClient() client: ApiPrincipal,
  ): Promise<EvaluationView> {
    return this.operations.evaluate(body, client.clientId);
  }

  /** One OTP-protected operation. */
  @Get(':id')
  @Access.user({ permission: 'MANAGE_OTP_PROTECTED_OPERATION', mfa: 'REQUIRED' })
  @ApiOkResponse({ type: ProtectedOperationDto })
  @ApiParam({ name: 'id', type: 'integer' })
  get(@Param('id', ParseIntPipe) id: number): Promise<ProtectedOperationDto> {
    return this.operations.get(id);
  }

  /** Changes the fields it names. */
  @Put(':id')
  @Access.user({ permission: 'MANAGE_OTP_PROTECTED_OPERATION', mfa: 'REQUIRED' })
  @ApiBody({ type: UpdateProtectedOperationRequest })
  @ApiOkResponse({ type: ProtectedOperationDto })
  @ApiParam({ name: 'id', type: 'integer' })
  update(
    @CurrentCaller() caller: BackOfficeCaller,
    @Param('id', ParseIntPipe) id: number,
    @Body(new StrictBodyPipe(UpdateProtectedOperationRequest)) body: StrictBody<UpdateProtectedOperationRequest>,
  ): Promise<ProtectedOperationDto> {
    return this.operations.update(id, body, caller.access.user.userId);
  }

  /** Deletes an OTP-protected operation. */
  @Delete(':id')
  @Access.user({ permission: 'MANAGE_OTP_PROTECTED_OPERATION', mfa: 'REQUIRED' })
  @ApiOkResponse({ type: ResourceIdView })
  @ApiParam({ name: 'id', type: 'integer' })
  async delete(
    @CurrentCaller() caller: BackOfficeCaller,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<ResourceIdView> {
    await this.operations.delete(id, caller.access.user.userId);
    return { resourceId: id };
  }
}
