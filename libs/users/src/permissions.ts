/**
 * What a back-office user may do in the /v1 API (twofactor-api.md §2). Permissions come only
 * from the user's roles; there is no wildcard, so BYPASS_TWOFACTOR is never implied: a role must
 * name it.
 */
export const PERMISSIONS = [
  'REQUEST_OTP',
  'REQUEST_TOKEN_MFA',
  'BYPASS_TWOFACTOR',
  'EXTENDED_TOKEN',
  'TWOFACTOR_CONFIG',
  'MANAGE_OTP_PROTECTED_OPERATION',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The role every installation starts with (seeded by migration). */
export const BACK_OFFICE_ROLE = 'BACK_OFFICE';
