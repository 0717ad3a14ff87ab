import {
  operationAlreadyCanceled,
  operationAlreadyFailed,
  operationAlreadyFinished,
  operationNotValid,
} from '../operation-errors';
import type { AuthStepResult } from './enums';
import type { HistoryView } from './history-view';

/** Methods whose step can be reviewed with SHOW_OPERATION_DETAIL first. */
const REVIEWABLE = ['SMS_KEY', 'POWERAUTH_TOKEN'];

/**
 * The one place that decides whether an update may touch an operation (spec §2.6, §2.12):
 * finished operations answer with their state; a cancel is allowed from any method (0.23+);
 * otherwise the method must be one of the current steps (SHOW_OPERATION_DETAIL while an SMS or
 * mobile-token step is pending). A refused update changes nothing.
 */
export function assertUpdateAllowed(history: HistoryView[], authMethod: string, authStepResult: AuthStepResult): void {
  const first = history[0];
  if (!first || first.requestAuthMethod !== 'INIT' || first.requestAuthStepResult !== 'CONFIRMED') {
    throw operationNotValid('the operation history does not start with INIT.');
  }
  const cancel = authStepResult === 'CANCELED';
  for (const row of history) {
    if (row.responseResult === 'DONE') throw operationAlreadyFinished();
    if (row.responseResult === 'FAILED' && !cancel) {
      throw row.requestAuthStepResult === 'CANCELED' ? operationAlreadyCanceled() : operationAlreadyFailed();
    }
  }
  const current = history[history.length - 1];
  if (current.responseResult !== 'CONTINUE' || cancel) return;
  if (authMethod === 'SHOW_OPERATION_DETAIL' && current.responseSteps.some((m) => REVIEWABLE.includes(m))) return;
  if (!current.responseSteps.includes(authMethod)) {
    throw operationNotValid(`${authMethod} is not a current step of the operation.`);
  }
}

/** The one step that names who the user is, and so may name another one (authentication restarts). */
export const USER_ASSIGNING_METHOD = 'USER_ID_ASSIGN';

/**
 * The user an operation is authenticated for never changes behind its steps' back: once set, an
 * update naming another user is refused unless it is the explicit USER_ID_ASSIGN step. Otherwise a
 * password confirmed for one user and an SMS code confirmed for another would add up to DONE for a
 * third. Returns the user the operation has after the update.
 */
export function userAfterUpdate(current: string | null, requested: string | null | undefined, authMethod: string) {
  if (requested == null || requested === current) return current;
  if (current !== null && authMethod !== USER_ASSIGNING_METHOD) {
    throw operationNotValid('the user of the operation cannot change.');
  }
  return requested;
}

/** A chosen method must be one of the current steps of a pending operation. */
export function assertChoiceAllowed(history: HistoryView[], chosenAuthMethod: string): void {
  const current = history[history.length - 1];
  if (!current || current.responseResult !== 'CONTINUE') throw operationNotValid('the operation is not pending.');
  if (!current.responseSteps.includes(chosenAuthMethod)) {
    throw operationNotValid(`${chosenAuthMethod} is not a current step of the operation.`);
  }
}
