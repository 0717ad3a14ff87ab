import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuthMethodsService } from '@app/auth-methods';
import { Clock, ConfigCache, Transactions, isDuplicateKey } from '@app/core';
import { assertFormDataAgrees, parseOperationData, validateFormData } from '@app/form-data';
import { NextStepConfig } from './next-step.config';
import { OperationConfig } from './operation-config.entity';
import { operationAlreadyExists, operationNotFound } from './operation-errors';
import { historyView, loadStepRows, moveOperation, recordHistory } from './operation-records';
import { operationStatements } from './operation-statements';
import type { StepRow } from './step-resolution/step-resolution';
import type {
  CreateOperationCommand,
  CreatedOperation,
  UpdateOperationCommand,
  UpdatedOperation,
} from './operation-views';
import { assertUpdateAllowed, userAfterUpdate } from './step-resolution/step-order.policy';
import { candidateMethods, resolveCreate, resolveUpdate } from './step-resolution/step-resolution';

/**
 * Creates operations and moves them through their steps. Each create/update is one
 * transaction with the operation row locked, so concurrent updates of one operation
 * serialize and history sequence numbers stay gap-free.
 */
@Injectable()
export class OperationsService {
  private readonly logger = new Logger(OperationsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly authMethods: AuthMethodsService,
    private readonly clock: Clock,
    @Inject(NextStepConfig) private readonly config: NextStepConfig,
    private readonly cache: ConfigCache,
  ) {}

  async create(command: CreateOperationCommand): Promise<CreatedOperation> {
    const formData = command.formData == null ? null : validateFormData(command.formData);
    const operationData = command.operationData ?? null;
    if (operationData !== null && operationData !== '') {
      const parsed = parseOperationData(operationData);
      if (formData) assertFormDataAgrees(parsed, formData);
    }
    const operationId = command.operationId || randomUUID();
    try {
      return await this.transactions.run(async (em) => {
        const first = resolveCreate(command.operationName, await this.stepRows(em, command.operationName));
        const now = this.clock.now();
        const expires = new Date(now.getTime() + (await this.lifetimeSeconds(em, command.operationName)) * 1000);
        // no read first: the primary key refuses a second operation with this id (caught below)
        await operationStatements(em).operations.insert(em, {
          operationId,
          operationName: command.operationName,
          operationData,
          formData,
          userId: null,
          result: first.result,
          timestampCreated: now,
          timestampExpires: expires,
        });
        await recordHistory(em, {
          operationId,
          resultId: 1,
          userId: null,
          requestAuthMethod: 'INIT',
          requestAuthStepResult: 'CONFIRMED',
          requestParams: command.params ?? [],
          responseResult: first.result,
          responseResultDescription: null,
          responseSteps: first.steps,
          created: now,
          expires,
        });
        this.logger.log(
          { operationId, operationName: command.operationName, result: first.result },
          'Operation created',
        );
        return {
          operationId,
          operationName: command.operationName,
          result: first.result,
          resultDescription: null,
          timestampCreated: now,
          timestampExpires: expires,
          operationData,
          steps: first.steps,
          formData,
          expired: false,
        };
      });
    } catch (error) {
      if (isDuplicateKey(error)) throw operationAlreadyExists(); // the id exists (or a concurrent create won)
      throw error;
    }
  }

  update(command: UpdateOperationCommand): Promise<UpdatedOperation> {
    return this.transactions.run(async (em) => {
      // the locked operation, its history and the config version in one statement
      const found = await operationStatements(em).read(em, command.operationId, {
        lock: true,
        extra: ConfigCache.VERSION_SQL,
      });
      if (!found) throw operationNotFound();
      this.cache.observe(found.extra);
      const { operation, history: rows } = found;
      const method = await this.authMethods.require(command.authMethod);
      const history = rows.map(historyView);
      assertUpdateAllowed(history, command.authMethod, command.authStepResult);

      const userId = userAfterUpdate(operation.userId, command.userId, command.authMethod);
      const now = this.clock.now();
      const operationConfig = await this.operationConfig(em, operation.operationName);
      const step = {
        operationName: operation.operationName,
        defs: await this.stepRows(em, operation.operationName),
        history,
        authMethod: command.authMethod,
        authStepResult: command.authStepResult,
        authStepResultDescription: command.authStepResultDescription ?? null,
        rules: method,
        expired: now.getTime() > operation.timestampExpires.getTime(),
      };
      // the user's methods are read only when they can change what this step offers
      const enabled =
        userId && (await this.authMethods.userSettingsMatter(candidateMethods(step)))
          ? await this.authMethods.enabledFor(userId)
          : null;
      const resolution = resolveUpdate({
        ...step,
        enabledMethods: enabled ? new Set(enabled.map((m) => m.entry.authMethod)) : null,
        mobileTokenActive:
          !!enabled && !!operationConfig?.mobileTokenEnabled && AuthMethodsService.hasActiveMobileToken(enabled),
      });
      const expires = resolution.extendExpiry
        ? new Date(now.getTime() + this.lifetimeOf(operationConfig) * 1000)
        : operation.timestampExpires;

      // Under the row lock nobody else moved it; a refused transition is a bug, not a race.
      if (!(await moveOperation(em, operation, resolution.result, { userId, timestampExpires: expires }))) {
        throw new Error(`Operation ${operation.operationId} changed under its lock`);
      }
      await recordHistory(em, {
        operationId: operation.operationId,
        resultId: rows.length + 1,
        userId,
        requestAuthMethod: command.authMethod,
        requestAuthStepResult: resolution.recordedStepResult,
        requestParams: command.params ?? [],
        responseResult: resolution.result,
        responseResultDescription: resolution.resultDescription,
        responseSteps: resolution.steps,
        created: now,
        expires,
      });
      this.logger.log(
        {
          operationId: operation.operationId,
          authMethod: command.authMethod,
          authStepResult: resolution.recordedStepResult,
          result: resolution.result,
        },
        'Operation updated',
      );
      return {
        operationId: operation.operationId,
        operationName: operation.operationName,
        userId,
        result: resolution.result,
        resultDescription: resolution.resultDescription,
        timestampCreated: now,
        timestampExpires: expires,
        steps: resolution.steps,
        expired: now.getTime() > expires.getTime(),
      };
    });
  }

  private async lifetimeSeconds(em: EntityManager, operationName: string): Promise<number> {
    return this.lifetimeOf(await this.operationConfig(em, operationName));
  }

  /** Step definitions and operation configs change only through the admin API: cached. */
  private stepRows(em: EntityManager, operationName: string): Promise<StepRow[]> {
    return this.cache.get(`step-definitions:${operationName}`, () => loadStepRows(em, operationName));
  }

  private operationConfig(em: EntityManager, operationName: string): Promise<OperationConfig | null> {
    return this.cache.get(`operation-config:${operationName}`, () => em.findOneBy(OperationConfig, { operationName }));
  }

  private lifetimeOf(config: OperationConfig | null): number {
    return config?.expirationSeconds ?? this.config.operationExpirationSeconds;
  }
}
