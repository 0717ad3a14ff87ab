import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock, NotFoundError, Transactions } from '@app/core';
import { AfsActionRecord } from './afs-action.entity';
import { AfsOutcome, AfsRule } from './afs-rule.entity';
import { AfsFacts, RuleCondition, matches, parseCondition } from './rule-condition';

/** The answer when no rule matches: nothing applied, both factors required. */
export const DEFAULT_AFS_OUTCOME: AfsOutcome = {
  afsResponseApplied: false,
  afsLabel: '2FA',
  smsOtpRequired: true,
  passwordRequired: true,
};

export interface AfsActionRequest {
  operationId: string;
  operationName: string | null;
  action: string;
  afsType: string;
  stepIndex: number | null;
  userId: string;
  organizationId: string;
  username: string | null;
  clientIpAddress: string | null;
  authInstruments: string[];
  authStepResult: string | null;
  operationTerminationReason: string | null;
  amount: string | null;
  currency: string | null;
  extras: Record<string, unknown>;
}

export interface AfsRuleInput {
  name: string;
  priority: number;
  enabled: boolean;
  condition: unknown;
  outcome: AfsOutcome;
}

/** A recorded AFS action: its columns as plain data. */
export type AfsActionView = { [K in keyof AfsActionRecord]: AfsActionRecord[K] };

/** An anti-fraud rule as the admin API sees it (plain data, never the entity). */
export interface AfsRuleRecord {
  ruleId: string;
  name: string;
  priority: number;
  enabled: boolean;
  condition: RuleCondition;
  outcome: AfsOutcome;
  createdAt: Date;
  updatedAt: Date;
}

const toRuleRecord = (rule: AfsRule): AfsRuleRecord => ({
  ruleId: rule.ruleId,
  name: rule.name,
  priority: rule.priority,
  enabled: rule.enabled,
  condition: rule.condition,
  outcome: rule.outcome,
  createdAt: rule.createdAt,
  updatedAt: rule.updatedAt,
});

/** Anti-fraud decisions: the first enabled rule (by priority) that matches decides; every action is recorded. */
@Injectable()
export class AfsService {
  private readonly logger = new Logger(AfsService.name);

  constructor(
    @InjectRepository(AfsRule) private readonly rules: Repository<AfsRule>,
    @InjectRepository(AfsActionRecord) private readonly actions: Repository<AfsActionRecord>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async execute(request: AfsActionRequest): Promise<AfsOutcome> {
    const facts: AfsFacts = {
      action: request.action,
      afsType: request.afsType,
      operationName: request.operationName,
      amount: request.amount,
      currency: request.currency,
      userId: request.userId,
      organizationId: request.organizationId,
      stepIndex: request.stepIndex === null ? null : String(request.stepIndex),
      authStepResult: request.authStepResult,
      operationTerminationReason: request.operationTerminationReason,
      clientIpAddress: request.clientIpAddress,
      username: request.username,
    };
    const rules = await this.rules.find({ where: { enabled: true }, order: { priority: 'ASC', createdAt: 'ASC' } });
    const rule = rules.find((r) => matches(r.condition, facts));
    const outcome = rule ? { ...DEFAULT_AFS_OUTCOME, ...rule.outcome } : DEFAULT_AFS_OUTCOME;
    await this.transactions.run((em) =>
      em.insert(
        AfsActionRecord,
        em.create(AfsActionRecord, {
          actionId: randomUUID(),
          operationId: request.operationId,
          operationName: request.operationName,
          action: request.action,
          afsType: request.afsType,
          stepIndex: request.stepIndex,
          userId: request.userId,
          organizationId: request.organizationId,
          username: request.username,
          clientIpAddress: request.clientIpAddress,
          authInstruments: request.authInstruments,
          authStepResult: request.authStepResult,
          operationTerminationReason: request.operationTerminationReason,
          requestExtras: request.extras,
          responseApplied: outcome.afsResponseApplied,
          responseLabel: outcome.afsLabel,
          ruleId: rule?.ruleId ?? null,
          createdAt: this.clock.now(),
        }),
      ),
    );
    this.logger.log(
      {
        operationId: request.operationId,
        action: request.action,
        ruleId: rule?.ruleId ?? null,
        label: outcome.afsLabel,
      },
      'AFS action executed',
    );
    return outcome;
  }

  /** The actions recorded for an operation, oldest first (plain copies of the rows). */
  async actionsOfOperation(operationId: string): Promise<AfsActionView[]> {
    const rows = await this.actions.find({ where: { operationId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ ...row }));
  }

  async listRules(page: number, size: number): Promise<{ items: AfsRuleRecord[]; total: number }> {
    const [items, total] = await this.rules.findAndCount({
      order: { priority: 'ASC', createdAt: 'ASC' },
      skip: page * size,
      take: size,
    });
    return { items: items.map(toRuleRecord), total };
  }

  async getRule(ruleId: string): Promise<AfsRuleRecord> {
    const rule = await this.rules.findOneBy({ ruleId });
    if (!rule) throw new NotFoundError(`AFS rule "${ruleId}"`);
    return toRuleRecord(rule);
  }

  createRule(input: AfsRuleInput): Promise<AfsRuleRecord> {
    const condition = parseCondition(input.condition);
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      const rule = em.create(AfsRule, { ...input, condition, ruleId: randomUUID(), createdAt: now, updatedAt: now });
      await em.insert(AfsRule, rule);
      this.logger.log({ ruleId: rule.ruleId }, 'AFS rule created');
      return toRuleRecord(rule);
    });
  }

  updateRule(ruleId: string, input: AfsRuleInput): Promise<AfsRuleRecord> {
    const condition = parseCondition(input.condition);
    return this.transactions.run(async (em) => {
      const rule = await em.findOneBy(AfsRule, { ruleId });
      if (!rule) throw new NotFoundError(`AFS rule "${ruleId}"`);
      Object.assign(rule, input, { condition, updatedAt: this.clock.now() });
      await em.save(AfsRule, rule);
      this.logger.log({ ruleId }, 'AFS rule updated');
      return toRuleRecord(rule);
    });
  }

  async deleteRule(ruleId: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const result = await em.delete(AfsRule, { ruleId });
      if (!result.affected) throw new NotFoundError(`AFS rule "${ruleId}"`);
    });
    this.logger.log({ ruleId }, 'AFS rule deleted');
  }
}
