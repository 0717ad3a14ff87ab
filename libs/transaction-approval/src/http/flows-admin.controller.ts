import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScope, type StrictBody, StrictBodyPipe } from '@app/core';
import { FlowsService } from '../flows/flows.service';
import { FlowDefinition, FlowView, flowDefaults } from '../flows/flow.types';
import { CreateFlowRequest, FlowAdminView, ReplaceFlowRequest } from './flows-admin.dto';

/**
 * Flow administration (spec §3): changes apply to the next request on every replica. Bodies are
 * strict (an unknown field, also inside a parameter, is a 400 naming it); a PUT's flow is the
 * one of its path, so its body carries no flowId.
 */
@ApiTags('admin')
@Controller('admin/transaction-approval/flows')
@RequireScope('admin')
export class FlowsAdminController {
  constructor(private readonly flows: FlowsService) {}

  /** The transaction-approval flows. */
  @Get()
  @ApiOkResponse({ type: [FlowAdminView] })
  async list(): Promise<FlowView[]> {
    return this.flows.list();
  }

  /** Creates a flow (validated: method, limits, templates). */
  @Post()
  @ApiConflictResponse({ description: 'FLOW_EXISTS: a flow with this id exists.' })
  @ApiCreatedResponse({ type: FlowAdminView })
  @ApiBody({ type: CreateFlowRequest })
  async create(@Body(new StrictBodyPipe(CreateFlowRequest)) body: StrictBody<CreateFlowRequest>): Promise<FlowView> {
    return this.flows.create(toDefinition(body.flowId, body));
  }

  /** One flow. */
  @Get(':flowId')
  @ApiOkResponse({ type: FlowAdminView })
  async get(@Param('flowId') flowId: string): Promise<FlowView> {
    return this.flows.get(flowId);
  }

  /** Replaces a flow; applies to the next request on every replica. */
  @Put(':flowId')
  @ApiOkResponse({ type: FlowAdminView })
  @ApiBody({ type: ReplaceFlowRequest })
  async replace(
    @Param('flowId') flowId: string,
    @Body(new StrictBodyPipe(ReplaceFlowRequest)) body: StrictBody<ReplaceFlowRequest>,
  ): Promise<FlowView> {
    return this.flows.replace(toDefinition(flowId, body));
  }

  /** Deletes a flow. */
  @Delete(':flowId')
  @HttpCode(204)
  async remove(@Param('flowId') flowId: string): Promise<void> {
    await this.flows.remove(flowId);
  }
}

function toDefinition(flowId: string, body: ReplaceFlowRequest): FlowDefinition {
  const defaults = flowDefaults(body.method);
  const pick = <K extends keyof typeof defaults>(key: K) => body[key] ?? defaults[key];
  return {
    flowId,
    method: body.method,
    parameters: body.parameters.map(({ name, kind, required, linked }) => ({ name, kind, required, linked })),
    messages: body.messages,
    enabled: pick('enabled'),
    organizationId: pick('organizationId'),
    maxWrongOtpChecks: pick('maxWrongOtpChecks'),
    maxOtpResends: pick('maxOtpResends'),
    resendDelaySeconds: pick('resendDelaySeconds'),
    otpLength: pick('otpLength'),
    otpValiditySeconds: pick('otpValiditySeconds'),
    pushValiditySeconds: pick('pushValiditySeconds'),
    numberMatching: pick('numberMatching'),
    maskContact: pick('maskContact'),
    approvalProof: pick('approvalProof'),
  };
}
