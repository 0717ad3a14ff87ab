/**
 * @app/devices — users' mobile devices and what they do:
 * - DevicesService: enrol (admin), activate (app), authenticate a bearer token, revoke, OCRA secrets.
 * - ApprovalsService: push approval requests fanned out to a user's devices (anti-fatigue limit,
 *   number matching, signed decisions, first decision wins), their state and withdrawal.
 * - ApprovalProofs: ES256 proofs of approval and the JWKS they verify against.
 * - offline code helpers: challenge, QR payload and PNG for OCRA-1:HOTP-SHA256-8:QH64.
 */
export type { ApprovalRequestState } from './approval.view';
export { ApprovalsService } from './approvals.service';
export { OCRA_SUITE } from './device-credentials';
export { DeviceError } from './device-error';
export { DevicesModule } from './devices.module';
export { DevicesService } from './devices.service';
export { DevicesHttpModule } from './http/devices-http.module';
export { newOfflineNonce, offlineChallenge, offlinePayload, offlineQrCode } from './offline/offline-code';
export { ApprovalProofs } from './proof/approval-proofs.service';
export { migrations as devicesMigrations } from './migrations';
