import type { AuthResult, AuthStepResult } from './enums';

/** What step resolution needs of one history row. */
export interface HistoryView {
  requestAuthMethod: string;
  requestAuthStepResult: AuthStepResult;
  responseResult: AuthResult;
  /** Auth methods of the row's response steps: the operation's current steps after it. */
  responseSteps: string[];
  chosenAuthMethod: string | null;
}

/** Failure counting rules of an auth method (ns_auth_method). */
export interface FailRules {
  checkAuthFails: boolean;
  maxAuthFails: number | null;
}
