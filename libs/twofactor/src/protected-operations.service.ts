import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, Transactions, findOneForUpdate } from '@app/core';
import { CompiledExpression, ExpressionError, compileExpression, isValidVariableName } from '@app/expressions';
import { RolesService } from '@app/users';
import { ProtectedOperation } from './entities';
import { OperationTokensService } from './operation-tokens.service';
import { TwoFactorAudit } from './twofactor-audit';
import { TwoFactorError } from './twofactor.errors';

export interface ProtectedOperationView {
  id: number;
  operation: string;
  expression: string;
  expressionParam: string;
  enable: boolean;
}

export interface ProtectedOperationInput {
  operation: string;
  expression?: string;
  expressionParam?: string;
  enable: boolean;
}

export interface Evaluation {
  otpRequired: boolean;
  satisfied: boolean;
  ruleIds: number[];
  bypassed?: true;
}

const MAX_PARAMS = 20;

/** `"$transferId, amount"` → `['transferId', 'amount']` (the `$` is the upstream's habit). */
export function parseExpressionParams(expressionParam: string): string[] {
  const names = expressionParam
    .split(',')
    .map((p) => p.trim().replace(/^\$/, ''))
    .filter((p) => p !== '');
  const bad = names.find((n) => !isValidVariableName(n));
  if (bad !== undefined) {
    throw new ExpressionError('EXPRESSION_INVALID', `"${bad}" in expressionParam is not a valid parameter name.`);
  }
  if (names.length > MAX_PARAMS) {
    throw new ExpressionError('EXPRESSION_INVALID', `expressionParam names more than ${MAX_PARAMS} parameters.`);
  }
  return [...new Set(names)];
}

/** Compiles a rule; an empty expression means "always". Throws ExpressionError (400). */
export function compileRule(expression: string, expressionParam: string): CompiledExpression | null {
  const names = parseExpressionParams(expressionParam);
  if (expression.trim() === '') return null;
  return compileExpression(expression, {
    variables: Object.fromEntries(names.map((n) => [n, 'dyn' as const])),
    resultType: 'bool',
  });
}

/**
 * Operations of the bank's services that need an OTP when their CEL condition holds, and the
 * evaluation the services call before executing one.
 */
@Injectable()
export class ProtectedOperationsService {
  constructor(
    @InjectRepository(ProtectedOperation) private readonly operations: Repository<ProtectedOperation>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly roles: RolesService,
    private readonly operationTokens: OperationTokensService,
    private readonly audit: TwoFactorAudit,
  ) {}

  async create(input: ProtectedOperationInput, userId: string): Promise<number> {
    const expression = input.expression ?? '';
    const expressionParam = input.expressionParam ?? '';
    compileRule(expression, expressionParam);
    const now = this.clock.now();
    return this.transactions.run(async (em) => {
      const result = await em.insert(ProtectedOperation, {
        operation: input.operation,
        expression,
        expressionParam,
        enable: input.enable,
        createdAt: now,
        updatedAt: now,
      });
      const id = Number(result.identifiers[0]!.id);
      await this.audit.record('PROTECTED_OPERATION_CHANGED', userId, {
        id,
        operation: input.operation,
        change: 'CREATED',
      });
      return id;
    });
  }

  async list(offset: number, limit: number): Promise<{ total: number; items: ProtectedOperationView[] }> {
    const [rows, total] = await this.operations.findAndCount({ order: { id: 'ASC' }, skip: offset, take: limit });
    return { total, items: rows.map(toView) };
  }

  async get(id: number): Promise<ProtectedOperationView> {
    const row = await this.operations.findOneBy({ id });
    if (!row) throw notFound(id);
    return toView(row);
  }

  async update(id: number, changes: Partial<ProtectedOperationInput>, userId: string): Promise<ProtectedOperationView> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, ProtectedOperation, { id });
      if (!row) throw notFound(id);
      const next = {
        operation: changes.operation ?? row.operation,
        expression: changes.expression ?? row.expression,
        expressionParam: changes.expressionParam ?? row.expressionParam,
        enable: changes.enable ?? row.enable,
      };
      compileRule(next.expression, next.expressionParam);
      await em.update(ProtectedOperation, { id }, { ...next, updatedAt: this.clock.now() });
      await this.audit.record('PROTECTED_OPERATION_CHANGED', userId, {
        id,
        operation: next.operation,
        change: 'UPDATED',
      });
      return { id, ...next };
    });
  }

  async delete(id: number, userId: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const result = await em.delete(ProtectedOperation, { id });
      if (!result.affected) throw notFound(id);
      await this.audit.record('PROTECTED_OPERATION_CHANGED', userId, { id, change: 'DELETED' });
    });
  }

  /**
   * Which enabled rules of `operation` require an OTP for these parameters, and whether an
   * operation token satisfies them (consumed when it does). A named parameter that is missing
   * is a 400; an expression that fails at run time (a type mismatch) is a 400, never a 500.
   */
  async evaluate(
    input: { operation: string; userId: string; parameters: Record<string, unknown>; operationToken?: string },
    clientId: string,
  ): Promise<Evaluation> {
    const rules = await this.operations.find({
      where: { operation: input.operation, enable: true },
      order: { id: 'ASC' },
    });
    const ruleIds: number[] = [];
    for (const rule of rules) {
      const names = parseExpressionParams(rule.expressionParam);
      const missing = names.filter((n) => !Object.prototype.hasOwnProperty.call(input.parameters, n));
      if (missing.length) {
        throw new TwoFactorError('PARAMETER_MISSING', `Missing parameters: ${missing.join(', ')}.`, {
          parameters: missing,
        });
      }
      const compiled = compileRule(rule.expression, rule.expressionParam);
      if (compiled === null || compiled.test(input.parameters)) ruleIds.push(rule.id);
    }
    const access = await this.roles.accessOf(input.userId);
    if (access?.permissions.includes('BYPASS_TWOFACTOR')) {
      await this.audit.record(
        'BYPASS_USED',
        input.userId,
        { operation: input.operation, ruleCount: ruleIds.length },
        clientId,
      );
      return { otpRequired: false, satisfied: true, ruleIds, bypassed: true };
    }
    if (ruleIds.length === 0) return { otpRequired: false, satisfied: true, ruleIds };
    const satisfied =
      input.operationToken !== undefined &&
      (await this.operationTokens.consume(
        input.userId,
        { operation: input.operation, parameters: input.parameters },
        input.operationToken,
        clientId,
      ));
    return { otpRequired: true, satisfied, ruleIds };
  }
}

function notFound(id: number): TwoFactorError {
  return new TwoFactorError(
    'PROTECTED_OPERATION_NOT_FOUND',
    `OTP protected operation with identifier ${id} does not exist`,
  );
}

function toView(row: ProtectedOperation): ProtectedOperationView {
  return {
    id: row.id,
    operation: row.operation,
    expression: row.expression,
    expressionParam: row.expressionParam,
    enable: row.enable,
  };
}
