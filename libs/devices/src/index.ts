/**
 * @app/devices — users' mobile devices and what they do:
 * - DevicesService: enrol (admin), activate (app), authenticate a bearer token, revoke, OCRA secrets.
 * - ApprovalsService: push approval requests fanned out to a user's devices (anti-fatigue limit,
 *   number matching, signed decisions, first decision wins), their state and withdrawal.
 * - ApprovalProofs: ES256 proofs of approval and the JWKS they verify against.
 * - offline code helpers: challenge, QR payload and PNG for OCRA-1:HOTP-SHA256-8:QH64.
 */
export * from './devices.module';
export * from './devices.config';
export * from './devices.service';
export * from './approvals.service';
export * from './device-error';
export * from './canonical-json';
export * from './decision-signature';
export { OCRA_SUITE } from './device-credentials';
export type { DeviceView, AuthenticatedDevice } from './device.view';
export type {
  ApprovalRequestState,
  CreatedApprovalRequest,
  DecisionOutcome,
  PendingApprovalView,
} from './approval.view';
export * from './proof/approval-proofs.service';
export type { PublishedKey } from './proof/approval-signing-keys.service';
export * from './offline/offline-code';
export * from './http/devices-http.module';
