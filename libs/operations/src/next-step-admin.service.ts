import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AuthMethodEntry, AuthMethodsService } from '@app/auth-methods';
import { Transactions } from '@app/core';
import { OperationConfig } from './operation-config.entity';
import { invalidConfiguration, operationConfigNotFound, stepDefinitionNotFound } from './operation-errors';
import { StepDefinition } from './step-definition.entity';

export type NewStepDefinition = Omit<StepDefinition, 'stepDefinitionId'>;

/**
 * Administration of step definitions, operation configurations and the auth-method catalogue.
 * Nothing is cached, so a change applies to the next request on every replica.
 */
@Injectable()
export class NextStepAdminService {
  private readonly logger = new Logger(NextStepAdminService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly authMethods: AuthMethodsService,
  ) {}

  async listStepDefinitions(operationName: string | undefined, page: number, size: number) {
    const [items, total] = await this.dataSource.manager.findAndCount(StepDefinition, {
      where: operationName ? { operationName } : {},
      order: { operationName: 'ASC', stepDefinitionId: 'ASC' },
      skip: page * size,
      take: size,
    });
    return { items, total };
  }

  createStepDefinition(row: NewStepDefinition): Promise<StepDefinition> {
    return this.transactions.run(async (em) => {
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
      return saved;
    });
  }

  deleteStepDefinition(stepDefinitionId: number): Promise<void> {
    return this.transactions.run(async (em) => {
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

  listOperationConfigs(): Promise<OperationConfig[]> {
    return this.dataSource.manager.find(OperationConfig, { order: { operationName: 'ASC' } });
  }

  saveOperationConfig(config: OperationConfig): Promise<OperationConfig> {
    return this.transactions.run((em) => em.save(OperationConfig, em.create(OperationConfig, config)));
  }

  deleteOperationConfig(operationName: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const { affected } = await em.delete(OperationConfig, { operationName });
      if (!affected) throw operationConfigNotFound();
    });
  }

  saveAuthMethod(entry: AuthMethodEntry): Promise<AuthMethodEntry> {
    if (entry.checkAuthFails && !entry.maxAuthFails) {
      throw invalidConfiguration('maxAuthFails is required when checkAuthFails is set.');
    }
    return this.authMethods.saveEntry(entry);
  }

  deleteAuthMethod(authMethod: string): Promise<void> {
    return this.transactions.run(async (em) => {
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
