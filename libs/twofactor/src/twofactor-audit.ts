import { Injectable, Logger } from '@nestjs/common';

/** Events of the back-office two-factor API (twofactor-api.md §6). */
export type TwoFactorAuditType =
  | 'USER_AUTHENTICATED'
  | 'USER_AUTHENTICATION_FAILED'
  | 'OTP_REQUESTED'
  | 'OTP_VERIFIED'
  | 'OTP_FAILED'
  | 'OTP_BURNED'
  | 'TWOFACTOR_TOKEN_ISSUED'
  | 'TWOFACTOR_TOKEN_REVOKED'
  | 'TWOFACTOR_TOKEN_INTROSPECTED_INACTIVE'
  | 'OPERATION_TOKEN_ISSUED'
  | 'OPERATION_TOKEN_USED'
  | 'BYPASS_USED'
  | 'TOTP_ENROLLED'
  | 'TOTP_CONFIRMED'
  | 'TOTP_REMOVED'
  | 'TOTP_REPLAY_REFUSED'
  | 'CONFIG_CHANGED'
  | 'PROTECTED_OPERATION_CHANGED';

/** Data keys that must never reach the trail (the shared audit service refuses them too). */
const SECRET_KEY = /code|otp|token|secret|password/i;

/**
 * The two-factor lib's one door to the audit trail. Callers pass only non-secret facts (ids,
 * masked targets, attempt numbers); a key that looks like a secret is a programming error.
 */
@Injectable()
export class TwoFactorAudit {
  private readonly logger = new Logger('Audit');

  async record(
    type: TwoFactorAuditType,
    userId: string | null,
    data: Record<string, string | number | boolean | null>,
    clientId?: string,
  ): Promise<void> {
    for (const key of Object.keys(data)) {
      if (SECRET_KEY.test(key)) throw new Error(`Audit data key "${key}" looks like a secret`);
    }
    this.logger.log({ audit: type, userId, clientId: clientId ?? null, data }, 'Audit event');
  }
}
