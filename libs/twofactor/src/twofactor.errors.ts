import { DomainError } from '@app/core';

/**
 * The rules of the back-office two-factor domain that a caller can break. Only the /v1 dialect
 * (http/fineract.dialect.ts) knows their HTTP statuses and upstream globalisation codes.
 */
export type TwoFactorErrorCode =
  | 'AUTHENTICATION_FAILED'
  | 'USER_TOKEN_INVALID'
  | 'PERMISSION_MISSING'
  | 'TWOFACTOR_REQUIRED'
  | 'TWOFACTOR_TOKEN_INVALID'
  | 'DELIVERY_METHOD_INVALID'
  | 'OTP_INVALID'
  | 'OTP_RATE_LIMITED'
  | 'ACCESS_TOKEN_INVALID'
  | 'EXTENDED_TOKEN_NOT_ALLOWED'
  | 'TOTP_NOT_ENROLLED'
  | 'TOTP_ALREADY_ENROLLED'
  | 'PROTECTED_OPERATION_NOT_FOUND'
  | 'PROTECTED_OPERATION_EXISTS'
  | 'PARAMETER_MISSING'
  | 'OPERATION_TOKEN_INVALID';

export class TwoFactorError extends DomainError<TwoFactorErrorCode> {}
