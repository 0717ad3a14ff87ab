import { EntityManager } from 'typeorm';
import { StateMachine } from '@app/core';
import { OperationHistory } from './operation-history.entity';
import { Operation } from './operation.entity';
import { operationStatements } from './operation-statements';
import type { AuthResult, AuthStepResult } from './step-resolution/enums';
import type { HistoryView } from './step-resolution/history-view';
import type { StepRow } from './step-resolution/step-resolution';
import { StepDefinition } from './step-definition.entity';

/** Small persistence helpers shared by the operation services. */
export function loadHistory(em: EntityManager, operationId: string): Promise<OperationHistory[]> {
  return em.find(OperationHistory, { where: { operationId }, order: { resultId: 'ASC' } });
}

export function historyView(row: OperationHistory): HistoryView {
  return {
    requestAuthMethod: row.requestAuthMethod,
    requestAuthStepResult: row.requestAuthStepResult,
    responseResult: row.responseResult,
    responseSteps: row.responseSteps.map((s) => s.authMethod),
    chosenAuthMethod: row.chosenAuthMethod,
  };
}

/** Step definitions of an operation (OperationsService caches them under the config version). */
export function loadStepRows(em: EntityManager, operationName: string): Promise<StepRow[]> {
  return em.find(StepDefinition, { where: { operationName }, order: { stepDefinitionId: 'ASC' } });
}

const toStoredSteps = (steps: string[]) => steps.map((authMethod) => ({ authMethod, params: [] }));

/** An operation continues until it is DONE or FAILED; neither is ever left. */
export const operationResultMachine = new StateMachine<AuthResult>('operation result', {
  CONTINUE: ['DONE', 'FAILED'],
  DONE: [],
  FAILED: [],
});

/** One row of an operation's history: the step a client reported and what the server answered. */
export interface HistoryEntry {
  operationId: string;
  /** 1 for the create, then one more per step (unique with operationId: gap-free). */
  resultId: number;
  userId: string | null;
  requestAuthMethod: string;
  requestAuthStepResult: AuthStepResult;
  requestParams: OperationHistory['requestParams'];
  responseResult: AuthResult;
  responseResultDescription: string | null;
  responseSteps: string[];
  created: Date;
  expires: Date;
}

/** The one writer of operation history rows. */
export async function recordHistory(em: EntityManager, entry: HistoryEntry): Promise<void> {
  await operationStatements(em).history.insert(em, {
    operationId: entry.operationId,
    resultId: entry.resultId,
    userId: entry.userId,
    requestAuthMethod: entry.requestAuthMethod,
    requestAuthStepResult: entry.requestAuthStepResult,
    requestParams: entry.requestParams,
    responseResult: entry.responseResult,
    responseResultDescription: entry.responseResultDescription,
    responseSteps: toStoredSteps(entry.responseSteps),
    responseTimestampCreated: entry.created,
    responseTimestampExpires: entry.expires,
    chosenAuthMethod: null,
  });
}

/**
 * Stores a locked operation's new result (through the state table when it changes) with other
 * changes; false when the row had left its result meanwhile.
 */
export async function moveOperation(
  em: EntityManager,
  operation: Pick<Operation, 'operationId' | 'result'>,
  to: AuthResult,
  changes: Partial<Pick<Operation, 'userId' | 'timestampExpires'>> = {},
): Promise<boolean> {
  if (operation.result === to) {
    return operationStatements(em).update(em, operation.operationId, to, { ...changes, result: to });
  }
  const { operations } = operationStatements(em);
  const where = { operationId: operation.operationId };
  return operationResultMachine.writeRow<Operation>(em, operations, where, 'result', operation.result, to, changes);
}
