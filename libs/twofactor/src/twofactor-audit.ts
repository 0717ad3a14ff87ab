import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';

/** Events of the back-office two-factor API (twofactor-api.md §6), as written to the shared trail. */
export const TWOFACTOR_AUDIT = {
  USER_AUTHENTICATED: 'twofactor.user.authenticated',
  USER_AUTHENTICATION_FAILED: 'twofactor.user.authentication-failed',
  OTP_REQUESTED: 'twofactor.otp.requested',
  OTP_VERIFIED: 'twofactor.otp.verified',
  OTP_FAILED: 'twofactor.otp.failed',
  OTP_BURNED: 'twofactor.otp.burned',
  TWOFACTOR_TOKEN_ISSUED: 'twofactor.token.issued',
  TWOFACTOR_TOKEN_REVOKED: 'twofactor.token.revoked',
  TWOFACTOR_TOKEN_INTROSPECTED_INACTIVE: 'twofactor.token.introspected-inactive',
  OPERATION_TOKEN_ISSUED: 'twofactor.operation-token.issued',
  OPERATION_TOKEN_USED: 'twofactor.operation-token.used',
  BYPASS_USED: 'twofactor.bypass.used',
  TOTP_ENROLLED: 'twofactor.totp.enrolled',
  TOTP_CONFIRMED: 'twofactor.totp.confirmed',
  TOTP_REMOVED: 'twofactor.totp.removed',
  TOTP_REPLAY_REFUSED: 'twofactor.totp.replay-refused',
  CONFIG_CHANGED: 'twofactor.config.changed',
  PROTECTED_OPERATION_CHANGED: 'twofactor.protected-operation.changed',
} as const;
export type TwoFactorAuditType = keyof typeof TWOFACTOR_AUDIT;

/**
 * The two-factor lib's door to the shared audit trail (@app/audit): written in the caller's
 * transaction, with only non-secret facts (ids, masked targets, attempt numbers); the audit
 * service refuses keys that look like secrets.
 */
@Injectable()
export class TwoFactorAudit {
  constructor(private readonly audit: AuditService) {}

  record(
    type: TwoFactorAuditType,
    userId: string | null,
    data: Record<string, string | number | boolean | null>,
    clientId?: string,
  ): Promise<void> {
    return this.audit.record({ type: TWOFACTOR_AUDIT[type], userId, clientId: clientId ?? null, data });
  }
}
