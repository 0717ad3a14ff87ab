import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuthMethodsService } from '@app/auth-methods';
import { Clock, Transactions, findOneForUpdate, isDuplicateKey } from '@app/core';
import { assertFormDataAgrees, parseOperationData, validateFormData } from '@app/form-data';
import { NextStepConfig } from './next-step.config';
import { OperationConfig } from './operation-config.entity';
import { operationAlreadyExists, operationNotFound } from './operation-errors';
import { OperationHistory } from './operation-history.entity';
import { historyView, loadHistory, loadStepRows, toStoredSteps } from './operation-records';
import type {
  CreateOperationCommand,
  CreatedOperation,
  UpdateOperationCommand,
  UpdatedOperation,
} from './operation-views';
import { Operation } from './operation.entity';
import { assertUpdateAllowed, userAfterUpdate } from './step-resolution/step-order.policy';
import { resolveCreate, resolveUpdate } from './step-resolution/step-resolution';

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
        if (await em.existsBy(Operation, { operationId })) throw operationAlreadyExists();
        const first = resolveCreate(command.operationName, await loadStepRows(em, command.operationName));
        const now = this.clock.now();
        const expires = new Date(now.getTime() + (await this.lifetimeSeconds(em, command.operationName)) * 1000);
        await em.save(
          em.create(Operation, {
            operationId,
            operationName: command.operationName,
            operationData,
            formData,
            userId: null,
            result: first.result,
            timestampCreated: now,
            timestampExpires: expires,
          }),
        );
        await em.insert(OperationHistory, {
          operationId,
          resultId: 1,
          userId: null,
          requestAuthMethod: 'INIT',
          requestAuthStepResult: 'CONFIRMED',
          requestParams: command.params ?? [],
          responseResult: first.result,
          responseResultDescription: null,
          responseSteps: toStoredSteps(first.steps),
          responseTimestampCreated: now,
          responseTimestampExpires: expires,
          chosenAuthMethod: null,
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
      if (isDuplicateKey(error)) throw operationAlreadyExists(); // a concurrent create with the same id won
      throw error;
    }
  }

  update(command: UpdateOperationCommand): Promise<UpdatedOperation> {
    return this.transactions.run(async (em) => {
      const operation = await findOneForUpdate(em, Operation, { operationId: command.operationId });
      if (!operation) throw operationNotFound();
      const method = await this.authMethods.require(command.authMethod);
      const rows = await loadHistory(em, operation.operationId);
      const history = rows.map(historyView);
      assertUpdateAllowed(history, command.authMethod, command.authStepResult);

      const userId = userAfterUpdate(operation.userId, command.userId, command.authMethod);
      const now = this.clock.now();
      const enabled = userId ? await this.authMethods.enabledFor(userId) : null;
      const operationConfig = await em.findOneBy(OperationConfig, { operationName: operation.operationName });
      const resolution = resolveUpdate({
        operationName: operation.operationName,
        defs: await loadStepRows(em, operation.operationName),
        history,
        authMethod: command.authMethod,
        authStepResult: command.authStepResult,
        authStepResultDescription: command.authStepResultDescription ?? null,
        rules: method,
        enabledMethods: enabled ? new Set(enabled.map((m) => m.entry.authMethod)) : null,
        mobileTokenActive:
          !!enabled && !!operationConfig?.mobileTokenEnabled && AuthMethodsService.hasActiveMobileToken(enabled),
        expired: now.getTime() > operation.timestampExpires.getTime(),
      });
      const expires = resolution.extendExpiry
        ? new Date(now.getTime() + this.lifetimeOf(operationConfig) * 1000)
        : operation.timestampExpires;

      await em.update(
        Operation,
        { operationId: operation.operationId },
        { userId, result: resolution.result, timestampExpires: expires },
      );
      await em.insert(OperationHistory, {
        operationId: operation.operationId,
        resultId: rows.length + 1,
        userId,
        requestAuthMethod: command.authMethod,
        requestAuthStepResult: resolution.recordedStepResult,
        requestParams: command.params ?? [],
        responseResult: resolution.result,
        responseResultDescription: resolution.resultDescription,
        responseSteps: toStoredSteps(resolution.steps),
        responseTimestampCreated: now,
        responseTimestampExpires: expires,
        chosenAuthMethod: null,
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
    return this.lifetimeOf(await em.findOneBy(OperationConfig, { operationName }));
  }

  private lifetimeOf(config: OperationConfig | null): number {
    return config?.expirationSeconds ?? this.config.operationExpirationSeconds;
  }
}
