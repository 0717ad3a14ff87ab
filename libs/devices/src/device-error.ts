import { DomainError } from '@app/core';

/** Codes the device and approval rules raise; the device API's dialect maps them to statuses. */
export type DeviceErrorCode =
  | 'ACTIVATION_CODE_INVALID'
  | 'PUBLIC_KEY_INVALID'
  | 'DEVICE_TOKEN_INVALID'
  | 'APPROVAL_NOT_FOUND'
  | 'APPROVAL_DECIDED'
  | 'APPROVAL_EXPIRED'
  | 'SIGNATURE_INVALID'
  | 'NO_APPROVAL_DEVICE'
  | 'TOO_MANY_APPROVALS';

/** HTTP status per code: what the dialects that speak these errors map them to. */
export const DEVICE_ERROR_STATUS: Record<DeviceErrorCode, number> = {
  ACTIVATION_CODE_INVALID: 400,
  PUBLIC_KEY_INVALID: 400,
  DEVICE_TOKEN_INVALID: 401,
  APPROVAL_NOT_FOUND: 404,
  APPROVAL_DECIDED: 409,
  APPROVAL_EXPIRED: 409,
  SIGNATURE_INVALID: 401,
  NO_APPROVAL_DEVICE: 400,
  TOO_MANY_APPROVALS: 429,
};

export class DeviceError extends DomainError<DeviceErrorCode> {}
