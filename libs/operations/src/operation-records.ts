import { EntityManager } from 'typeorm';
import { OperationHistory } from './operation-history.entity';
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

/** Step definitions are read per request (no cache), so admin changes apply at once on every replica. */
export function loadStepRows(em: EntityManager, operationName: string): Promise<StepRow[]> {
  return em.find(StepDefinition, { where: { operationName }, order: { stepDefinitionId: 'ASC' } });
}

export const toStoredSteps = (steps: string[]) => steps.map((authMethod) => ({ authMethod, params: [] }));
