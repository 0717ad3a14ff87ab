/**
 * Transaction approval (spec transaction-approval-api.md). Extension points for other approval
 * methods (push): implement ApprovalMethod and register it with ApprovalMethods at module start;
 * run extra steps through ApprovalSteps.methodContext + SessionsService.step; declare routes with
 * the HTTP module's @SessionStep.
 */
export { ApprovalSteps } from './approval-steps.service';
export { TransactionApprovalError } from './errors';
export { pickMessage } from './flows/flow.types';
export { SessionStepResponses } from './http/session-step-responses';
export { CurrentSession, SessionStep, SessionStepGuard } from './http/session-step.guard';
export { SessionTokenInterceptor } from './http/session-token';
export { TransactionApprovalHttpModule } from './http/transaction-approval-http.module';
export { MessageRenderer } from './messages/message-renderer';
export { ApprovalMethods } from './methods/approval-method';
export type { ApprovalContext, ApprovalMethod, ApprovalStart, CodeCheckOutcome } from './methods/approval-method';
export { SessionExpiryJob } from './sessions/session-expiry.job';
export type { SessionHandle, SessionView } from './sessions/session.view';
export { SessionsService } from './sessions/sessions.service';
export type { StepAnswer, StepDecision } from './sessions/sessions.service';
export { TransactionApprovalModule } from './transaction-approval.module';
export { migrations as transactionApprovalMigrations } from './migrations';
