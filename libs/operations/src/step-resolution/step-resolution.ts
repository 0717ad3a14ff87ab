import { CANCEL_PREFIX } from '../operation-history.entity';
import { invalidConfiguration } from '../operation-errors';
import type { AuthResult, AuthStepResult } from './enums';
import type { FailRules, HistoryView } from './history-view';

/** What resolution needs of a step definition row. */
export interface StepRow {
  stepDefinitionId: number;
  operationType: 'CREATE' | 'UPDATE';
  requestAuthMethod: string | null;
  requestAuthStepResult: AuthStepResult | null;
  responsePriority: number;
  responseAuthMethod: string | null;
  responseResult: AuthResult;
}

export interface Resolution {
  result: AuthResult;
  resultDescription: string | null;
  /** Next auth methods in priority order. */
  steps: string[];
  /** The step result recorded in history (AUTH_FAILED may become AUTH_METHOD_FAILED). */
  recordedStepResult: AuthStepResult;
  /** False when the operation had expired: its expiry is not moved. */
  extendExpiry: boolean;
}

const byPriority = (a: StepRow, b: StepRow) =>
  a.responsePriority - b.responsePriority || a.stepDefinitionId - b.stepDefinitionId;
const PRECEDENCE: AuthResult[] = ['DONE', 'CONTINUE', 'FAILED'];

/** First steps of a new operation: every CREATE row, which must agree on one result (spec §2.4). */
export function resolveCreate(operationName: string, defs: StepRow[]): { result: AuthResult; steps: string[] } {
  const rows = defs.filter((d) => d.operationType === 'CREATE').sort(byPriority);
  if (rows.length === 0) throw invalidConfiguration(`no step definitions for operation ${operationName}.`);
  const results = new Set(rows.map((r) => r.responseResult));
  if (results.size !== 1) throw invalidConfiguration(`CREATE rows of ${operationName} disagree on the result.`);
  return { result: rows[0].responseResult, steps: distinctMethods(rows) };
}

/**
 * Whether the method counts as failed for this operation (spec §2.8): it failed before, the
 * client says so, or this AUTH_FAILED reaches max_auth_fails for the method.
 */
export function isAuthMethodFailed(
  history: HistoryView[],
  authMethod: string,
  stepResult: AuthStepResult,
  rules: FailRules,
): boolean {
  if (stepResult === 'AUTH_METHOD_FAILED') return true;
  const ofMethod = history.filter((h) => h.requestAuthMethod === authMethod);
  if (ofMethod.some((h) => h.requestAuthStepResult === 'AUTH_METHOD_FAILED')) return true;
  if (!rules.checkAuthFails) return false;
  const failures = ofMethod.filter((h) => h.requestAuthStepResult === 'AUTH_FAILED').length;
  return (stepResult === 'AUTH_FAILED' ? 1 : 0) + failures >= (rules.maxAuthFails ?? 0);
}

/** Remaining attempts of the method used last (spec §2.9; 0 once it has failed). */
export function remainingAttempts(
  history: HistoryView[],
  rulesOf: (method: string) => FailRules | undefined,
): number | null {
  const last = history[history.length - 1];
  if (!last) return null;
  const method = last.requestAuthMethod;
  const ofMethod = history.filter((h) => h.requestAuthMethod === method);
  if (ofMethod.some((h) => h.requestAuthStepResult === 'AUTH_METHOD_FAILED')) return 0;
  const rules = rulesOf(method);
  if (!rules?.checkAuthFails) return null;
  const failures = ofMethod.filter((h) => h.requestAuthStepResult === 'AUTH_FAILED').length;
  return Math.max(0, (rules.maxAuthFails ?? 0) - failures);
}

export interface UpdateInput {
  operationName: string;
  defs: StepRow[];
  history: HistoryView[];
  authMethod: string;
  authStepResult: AuthStepResult;
  authStepResultDescription: string | null;
  rules: FailRules;
  /** Methods the user may use; null when the operation has no user yet (no preference filter). */
  enabledMethods: ReadonlySet<string> | null;
  /** POWERAUTH_TOKEN may be offered: user with an activation and operation with mobile token on. */
  mobileTokenActive: boolean;
  expired: boolean;
}

/** The step result recorded for this step (AUTH_FAILED becomes AUTH_METHOD_FAILED at the limit). */
function recordedStepResult(input: UpdateInput): AuthStepResult {
  return isAuthMethodFailed(input.history, input.authMethod, input.authStepResult, input.rules)
    ? 'AUTH_METHOD_FAILED'
    : input.authStepResult;
}

/** The step definitions answering this step, before the user's methods filter them. */
function answeringRows(input: UpdateInput, stepResult: AuthStepResult): StepRow[] {
  return input.defs.filter(
    (d) =>
      d.operationType === 'UPDATE' &&
      d.requestAuthMethod === input.authMethod &&
      d.requestAuthStepResult === stepResult,
  );
}

/**
 * The methods this step may offer next, before the user's enabled methods and mobile token
 * filter them: only when one of them depends on the user do `enabledMethods` and
 * `mobileTokenActive` matter (otherwise resolution answers alike without them).
 */
export function candidateMethods(input: Omit<UpdateInput, 'enabledMethods' | 'mobileTokenActive'>): string[] {
  const full: UpdateInput = { ...input, enabledMethods: null, mobileTokenActive: false };
  if (input.expired) return [];
  return distinctMethods(answeringRows(full, recordedStepResult(full)));
}

/** Next state of an operation after one step (spec §2.5 and §2.7); pure. */
export function resolveUpdate(input: UpdateInput): Resolution {
  const cancelDescription =
    input.authStepResult === 'CANCELED'
      ? `${CANCEL_PREFIX}${(input.authStepResultDescription || 'UNKNOWN').toLowerCase()}`
      : null;
  if (input.expired) {
    return {
      result: 'FAILED',
      resultDescription: 'operation.timeout',
      steps: [],
      recordedStepResult: 'AUTH_METHOD_FAILED',
      extendExpiry: false,
    };
  }
  const stepResult = recordedStepResult(input);
  const rows = answeringRows(input, stepResult)
    .filter((d) => offered(d.responseAuthMethod, input))
    .sort(byPriority);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].responsePriority === rows[i - 1].responsePriority) {
      throw invalidConfiguration(
        `two step definitions of ${input.operationName} for ${input.authMethod}/${stepResult} share priority ${rows[i].responsePriority}.`,
      );
    }
  }
  const base = { recordedStepResult: stepResult, extendExpiry: true };
  if (rows.length === 0) return { ...base, result: 'FAILED', resultDescription: 'error.noAuthMethod', steps: [] };
  const result = PRECEDENCE.find((r) => rows.some((row) => row.responseResult === r))!;
  return {
    ...base,
    result,
    resultDescription: cancelDescription,
    steps: distinctMethods(rows.filter((r) => r.responseResult === result)),
  };
}

function offered(method: string | null, input: UpdateInput): boolean {
  if (method === null) return true;
  if (method === 'POWERAUTH_TOKEN' && !input.mobileTokenActive) return false;
  return input.enabledMethods === null || input.enabledMethods.has(method);
}

function distinctMethods(rows: StepRow[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.responseAuthMethod ? [r.responseAuthMethod] : [])))];
}
