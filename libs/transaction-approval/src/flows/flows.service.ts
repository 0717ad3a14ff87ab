import { Injectable } from '@nestjs/common';
import { Clock, RequestValidationError, Transactions, findOneForUpdate } from '@app/core';
import { TransactionApprovalError } from '../errors';
import { TaFlow } from './flow.entity';
import { flowProblems } from './flow-rules';
import { FlowDefinition, FlowView } from './flow.types';

/**
 * The flows (spec §3). Every read goes to the database: an admin's change applies to the next
 * request on every replica, so there is no cache to invalidate.
 */
@Injectable()
export class FlowsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<FlowView[]> {
    const rows = await this.transactions.repository(TaFlow).find({ order: { flowId: 'ASC' } });
    return rows.map(toFlowView);
  }

  /** The flow, or FLOW_NOT_FOUND. */
  async get(flowId: string): Promise<FlowView> {
    const row = flowId.length <= 64 ? await this.transactions.repository(TaFlow).findOneBy({ flowId }) : null;
    if (!row) throw flowNotFound(flowId);
    return toFlowView(row);
  }

  /** The flow if it exists and is enabled: what a session may run. */
  async getEnabled(flowId: string): Promise<FlowView> {
    const flow = await this.get(flowId);
    if (!flow.enabled) throw flowNotFound(flowId);
    return flow;
  }

  create(definition: FlowDefinition): Promise<FlowView> {
    assertValid(definition);
    return this.transactions.run(async (em) => {
      if (await em.existsBy(TaFlow, { flowId: definition.flowId })) {
        throw new TransactionApprovalError('FLOW_EXISTS', `Flow ${definition.flowId} exists already.`);
      }
      const now = this.clock.now();
      const row: TaFlow = { ...definition, createdAt: now, updatedAt: now };
      await em.insert(TaFlow, row);
      return toFlowView(row);
    });
  }

  replace(definition: FlowDefinition): Promise<FlowView> {
    assertValid(definition);
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, TaFlow, { flowId: definition.flowId });
      if (!row) throw flowNotFound(definition.flowId);
      const updated: TaFlow = { ...definition, createdAt: row.createdAt, updatedAt: this.clock.now() };
      await em.save(TaFlow, updated);
      return toFlowView(updated);
    });
  }

  /** Deletes the flow; its open sessions end at their next step (FLOW_NOT_FOUND). */
  remove(flowId: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const result = await em.delete(TaFlow, { flowId });
      if (!result.affected) throw flowNotFound(flowId);
    });
  }
}

function assertValid(definition: FlowDefinition): void {
  const problems = flowProblems(definition);
  if (problems.length > 0) throw new RequestValidationError(problems);
}

function flowNotFound(flowId: string): TransactionApprovalError {
  return new TransactionApprovalError('FLOW_NOT_FOUND', `Flow ${flowId.slice(0, 64)} does not exist.`);
}

export function toFlowView(row: TaFlow): FlowView {
  return {
    flowId: row.flowId,
    enabled: row.enabled,
    organizationId: row.organizationId,
    method: row.method,
    parameters: row.parameters,
    messages: row.messages,
    maxWrongOtpChecks: row.maxWrongOtpChecks,
    maxOtpResends: row.maxOtpResends,
    resendDelaySeconds: row.resendDelaySeconds,
    otpLength: row.otpLength,
    otpValiditySeconds: row.otpValiditySeconds,
    pushValiditySeconds: row.pushValiditySeconds,
    numberMatching: row.numberMatching,
    maskContact: row.maskContact,
    approvalProof: row.approvalProof,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
