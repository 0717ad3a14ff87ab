/**
 * Transaction approval (spec transaction-approval-api.md). Extension points for other approval
 * methods (push): implement ApprovalMethod and register it with ApprovalMethods at module start;
 * run extra steps through ApprovalSteps.methodContext + SessionsService.step; declare routes with
 * the HTTP module's @SessionStep.
 */
export * from './transaction-approval.module';
export * from './http/transaction-approval-http.module';
export * from './transaction-approval.config';
export * from './errors';
export * from './approval-steps.service';
export * from './flows/flow.types';
export * from './flows/flows.service';
export * from './flows/message-parameters';
export * from './messages/message-renderer';
export * from './messages/message-template';
export * from './methods/approval-method';
export * from './methods/otp-approval.method';
export * from './sessions/session-states';
export * from './sessions/session.view';
export * from './sessions/sessions.service';
export * from './sessions/session-expiry.job';
export { SessionStep, SessionStepGuard, CurrentSession } from './http/session-step.guard';
export { TA_MOUNT } from './http/transaction-approval.controller';
export { SessionTokenInterceptor } from './http/session-token';
export { SessionStepResponses } from './http/session-step-responses';
export { StrictBodyPipe, NoBody } from './http/strict-body.pipe';
