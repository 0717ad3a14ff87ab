import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan } from 'typeorm';
import { AuthMethodsService } from '@app/auth-methods';
import { Clock, ConfigCache, Transactions, findOneForUpdate } from '@app/core';
import { emptyFormData, userInputMap, validateFormData } from '@app/form-data';
import { OperationConfig } from './operation-config.entity';
import { operationNotConfigured, operationNotFound } from './operation-errors';
import { OperationHistory } from './operation-history.entity';
import { historyView } from './operation-records';
import { operationStatements } from './operation-statements';
import type { OperationConfigView, OperationDetail, PendingQuery } from './operation-views';
import { Operation } from './operation.entity';
import { assertChoiceAllowed } from './step-resolution/step-order.policy';
import { remainingAttempts } from './step-resolution/step-resolution';

/** Most pending operations one list answers with (oldest expiry first). */
export const PENDING_LIST_LIMIT = 100;

/** Reads of operations, and the changes that do not move an operation to another step. */
@Injectable()
export class OperationQueriesService {
  private readonly logger = new Logger(OperationQueriesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly authMethods: AuthMethodsService,
    private readonly clock: Clock,
    private readonly cache: ConfigCache,
  ) {}

  async detail(operationId: string): Promise<OperationDetail> {
    const em = this.dataSource.manager;
    // the operation, its history and the config version (for the catalogue) in one statement
    const found = await operationStatements(em).read(em, operationId, { lock: false, extra: ConfigCache.VERSION_SQL });
    if (!found) throw operationNotFound();
    this.cache.observe(found.extra);
    const { operation, history: rows } = found;
    const catalogue = new Map((await this.authMethods.catalogue()).map((m) => [m.authMethod, m]));
    return this.toDetail(
      operation,
      rows,
      remainingAttempts(rows.map(historyView), (m) => catalogue.get(m)),
      true,
    );
  }

  /** Pending (CONTINUE, not expired) operations of a user, without duplicates. */
  async pending(query: PendingQuery): Promise<OperationDetail[]> {
    const em = this.dataSource.manager;
    const operations = await em.find(Operation, {
      where: { userId: query.userId, result: 'CONTINUE', timestampExpires: MoreThan(this.clock.now()) },
      order: { timestampExpires: 'ASC', operationId: 'ASC' },
      take: PENDING_LIST_LIMIT,
    });
    const enabled = await this.authMethods.enabledFor(query.userId);
    const tokenReady = AuthMethodsService.hasActiveMobileToken(enabled);
    const mobileMethods = new Set(enabled.filter((m) => m.entry.hasMobileToken).map((m) => m.entry.authMethod));
    const configs = new Map((await em.find(OperationConfig)).map((c) => [c.operationName, c]));
    const histories = await this.historiesOf(operations.map((o) => o.operationId));
    const result: OperationDetail[] = [];
    for (const operation of operations) {
      const rows = histories.get(operation.operationId) ?? [];
      const last = rows[rows.length - 1];
      if (query.authMethod) {
        // 0.21 shape: operations where the method was chosen in any step
        if (!rows.some((r) => r.chosenAuthMethod === query.authMethod)) continue;
      } else if (query.mobileTokenOnly) {
        // 0.22 shape: the current step waits for confirmation in the mobile token
        const chosen = last?.chosenAuthMethod;
        const ready =
          last?.requestAuthStepResult === 'CONFIRMED' &&
          last.responseResult === 'CONTINUE' &&
          !!chosen &&
          mobileMethods.has(chosen) &&
          (chosen !== 'POWERAUTH_TOKEN' || (tokenReady && !!configs.get(operation.operationName)?.mobileTokenEnabled));
        if (!ready) continue;
      }
      result.push({ ...this.toDetail(operation, rows, null, false), steps: [] });
    }
    return result;
  }

  /** Merges the given userInput into the operation's form data; state and expiry are not checked. */
  updateUserInput(operationId: string, userInput: unknown): Promise<void> {
    const input = userInputMap(userInput, 'userInput');
    return this.transactions.run(async (em) => {
      const operation = await findOneForUpdate(em, Operation, { operationId });
      if (!operation) throw operationNotFound();
      const current = operation.formData ?? emptyFormData();
      const merged = validateFormData({ ...current, userInput: { ...current.userInput, ...input } });
      operation.formData = merged;
      await em.save(operation);
      this.logger.log({ operationId, keys: Object.keys(input).length }, 'Operation user input updated');
    });
  }

  /** Records the method the user chose for the current step (on the latest history row). */
  chooseAuthMethod(operationId: string, chosenAuthMethod: string): Promise<void> {
    return this.transactions.run(async (em) => {
      const found = await operationStatements(em).read(em, operationId, { lock: true, extra: ConfigCache.VERSION_SQL });
      if (!found) throw operationNotFound();
      this.cache.observe(found.extra);
      await this.authMethods.require(chosenAuthMethod);
      const rows = found.history;
      assertChoiceAllowed(rows.map(historyView), chosenAuthMethod);
      const last = rows[rows.length - 1];
      await em.update(OperationHistory, { operationId, resultId: last.resultId }, { chosenAuthMethod });
      this.logger.log({ operationId, chosenAuthMethod }, 'Auth method chosen');
    });
  }

  async config(operationName: string): Promise<OperationConfigView> {
    const config = await this.dataSource.manager.findOneBy(OperationConfig, { operationName });
    if (!config) throw operationNotConfigured();
    return { ...config };
  }

  async configs(): Promise<OperationConfigView[]> {
    const configs = await this.dataSource.manager.find(OperationConfig, { order: { operationName: 'ASC' } });
    return configs.map((c) => ({ ...c }));
  }

  /** History rows of many operations in one query, grouped by operation, in sequence order. */
  private async historiesOf(operationIds: string[]): Promise<Map<string, OperationHistory[]>> {
    const grouped = new Map<string, OperationHistory[]>();
    if (operationIds.length === 0) return grouped;
    const rows = await this.dataSource.manager.find(OperationHistory, {
      where: { operationId: In(operationIds) },
      order: { operationId: 'ASC', resultId: 'ASC' },
    });
    for (const row of rows) grouped.set(row.operationId, [...(grouped.get(row.operationId) ?? []), row]);
    return grouped;
  }

  private toDetail(
    operation: Operation,
    rows: OperationHistory[],
    remaining: number | null,
    withSteps: boolean,
  ): OperationDetail {
    const last = rows[rows.length - 1];
    return {
      operationId: operation.operationId,
      operationName: operation.operationName,
      userId: operation.userId,
      result: operation.result,
      timestampCreated: operation.timestampCreated,
      timestampExpires: operation.timestampExpires,
      operationData: operation.operationData,
      steps: withSteps && last ? last.responseSteps.map((s) => s.authMethod) : [],
      history: rows.map((r) => ({
        authMethod: r.requestAuthMethod,
        authResult: r.responseResult,
        requestAuthStepResult: r.requestAuthStepResult,
      })),
      formData: operation.formData,
      chosenAuthMethod: last?.chosenAuthMethod ?? null,
      remainingAttempts: remaining,
      expired: this.clock.now().getTime() > operation.timestampExpires.getTime(),
    };
  }
}
