/**
 * @app/push-approval — the PUSH method of transaction approval (spec §7): push approvals on the
 * user's devices (@app/devices) answered by polling, and the offline QR code with its OCRA code.
 * Plugs into @app/transaction-approval through ApprovalMethods; the worker needs only
 * PushApprovalModule (so that session expiry withdraws live approvals), the API server the HTTP module.
 */
export { PushApprovalHttpModule } from './http/push-approval-http.module';
export { PushApprovalModule } from './push-approval.module';
