import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthMethodRecord, AuthMethodsService } from '@app/auth-methods';
import { ConfigCache, Transactions } from '@app/core';
import { OperationConfig } from './operation-config.entity';
import { invalidConfiguration, operationConfigNotFound, stepDefinitionNotFound } from './operation-errors';
import type { OperationConfigView } from './operation-views';
import { StepDefinition } from './step-definition.entity';
import type { AuthResult, AuthStepResult, OperationRequestType } from './step-resolution/enums';

/** A row of the step table as the admin API sees it (plain data, never the entity). */
export interface StepDefinitionRecord {
  stepDefinitionId: number;
  operationName: string;
  operationType: OperationRequestType;
  requestAuthMethod: string | null;
  requestAuthStepResult: AuthStepResult | null;
  responsePriority: number;
  responseAuthMethod: string | null;
  responseResult: AuthResult;
}

export type NewStepDefinition = Omit<StepDefinitionRecord, 'stepDefinitionId'>;

/**
 * Administration of step definitions, operation configurations and the auth-method catalogue.
 * Each change bumps the config version in its own transaction (ConfigCache.changed, first, so
 * nothing the change reads comes from the cache), so it applies to the next request on every
 * replica.
 */
@Injectable()
export class NextStepAdminService {
  private readonly logger = new Logger(NextStepAdminService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly authMethods: AuthMethodsService,
    private readonly cache: ConfigCache,
  ) {}

  async listStepDefinitions(
    operationName: string | undefined,
    page: number,
    size: number,
  ): Promise<{ items: StepDefinitionRecord[]; total: number }> {
    const [items, total] = await this.dataSource.manager.findAndCount(StepDefinition, {
      where: operationName ? { operationName } : {},
      order: { operationName: 'ASC', stepDefinitionId: 'ASC' },
      skip: page * size,
      take: size,
    });
    return { items: items.map((i) => ({ ...i })), total };
  }

  createStepDefinition(row: NewStepDefinition): Promise<StepDefinitionRecord> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      const isCreate = row.operationType === 'CREATE';
      if (isCreate !== (row.requestAuthMethod === null) || isCreate !== (row.requestAuthStepResult === null)) {
        throw invalidConfiguration('CREATE rows have no request method and result; UPDATE rows need both.');
      }
      for (const method of [row.requestAuthMethod, row.responseAuthMethod]) {
        if (method !== null) await this.authMethods.require(method);
      }
      const clash = await em.existsBy(StepDefinition, {
        operationName: row.operationName,
        operationType: row.operationType,
        requestAuthMethod: row.requestAuthMethod ?? IsNull(),
        requestAuthStepResult: row.requestAuthStepResult ?? IsNull(),
        responsePriority: row.responsePriority,
      });
      if (clash) throw invalidConfiguration('a step definition with the same request and priority exists.');
      if (!isCreate && !(await this.hasCreateRow(em, row.operationName))) {
        throw invalidConfiguration(`operation ${row.operationName} needs a CREATE row first.`);
      }
      const saved = await em.save(StepDefinition, em.create(StepDefinition, row));
      this.logger.log(
        { stepDefinitionId: saved.stepDefinitionId, operationName: row.operationName },
        'Step definition created',
      );
      return { ...saved };
    });
  }

  deleteStepDefinition(stepDefinitionId: number): Promise<void> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      const row = await em.findOneBy(StepDefinition, { stepDefinitionId });
      if (!row) throw stepDefinitionNotFound();
      if (row.operationType === 'CREATE') {
        const creates = await em.countBy(StepDefinition, { operationName: row.operationName, operationType: 'CREATE' });
        const updates = await em.countBy(StepDefinition, { operationName: row.operationName, operationType: 'UPDATE' });
        if (creates === 1 && updates > 0) {
          throw invalidConfiguration(
            `the last CREATE row of ${row.operationName} cannot be deleted while UPDATE rows exist.`,
          );
        }
      }
      await em.delete(StepDefinition, { stepDefinitionId });
      this.logger.log({ stepDefinitionId }, 'Step definition deleted');
    });
  }

  async listOperationConfigs(): Promise<OperationConfigView[]> {
    const configs = await this.dataSource.manager.find(OperationConfig, { order: { operationName: 'ASC' } });
    return configs.map((c) => ({ ...c }));
  }

  saveOperationConfig(config: OperationConfigView): Promise<OperationConfigView> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      return { ...(await em.save(OperationConfig, em.create(OperationConfig, config))) };
    });
  }

  deleteOperationConfig(operationName: string): Promise<void> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      const { affected } = await em.delete(OperationConfig, { operationName });
      if (!affected) throw operationConfigNotFound();
    });
  }

  saveAuthMethod(entry: AuthMethodRecord): Promise<AuthMethodRecord> {
    if (entry.checkAuthFails && !entry.maxAuthFails) {
      throw invalidConfiguration('maxAuthFails is required when checkAuthFails is set.');
    }
    return this.authMethods.saveEntry(entry);
  }

  deleteAuthMethod(authMethod: string): Promise<void> {
    return this.transactions.run(async (em) => {
      await this.cache.changed();
      const used =
        (await em.existsBy(StepDefinition, { requestAuthMethod: authMethod })) ||
        (await em.existsBy(StepDefinition, { responseAuthMethod: authMethod }));
      if (used) throw invalidConfiguration(`${authMethod} is used by step definitions.`);
      await this.authMethods.deleteEntry(authMethod);
    });
  }

  private async hasCreateRow(em: EntityManager, operationName: string): Promise<boolean> {
    return em.existsBy(StepDefinition, { operationName, operationType: 'CREATE' });
  }
}
