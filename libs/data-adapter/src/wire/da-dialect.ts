import type { ConsentErrorCode } from '@app/consent';
import { ApiError, WireDialect, mapCode, okEnvelope } from '@app/core';
import { expandFieldCode } from './da-validation';

/** The Data Adapter's error codes (DataAdapterError.Code). */
export type DataAdapterErrorCode =
  | 'ERROR_GENERIC'
  | 'AUTHENTICATION_FAILED'
  | 'SMS_AUTHORIZATION_FAILED'
  | 'USER_NOT_FOUND'
  | 'INPUT_INVALID'
  | 'OPERATION_CONTEXT_INVALID'
  | 'CONSENT_DATA_INVALID'
  | 'REMOTE_ERROR';

const INVALID_REQUEST = { code: 'INPUT_INVALID', message: 'error.invalidRequest' };

/**
 * The domain libs' refusals in the Data Adapter's codes and texts (the sample adapter's); every
 * code of consent is listed, so a new one cannot reach the wire unworded.
 */
const DOMAIN_CODES: Record<ConsentErrorCode, { code: DataAdapterErrorCode; message: string }> = {
  CONSENT_TEMPLATE_NOT_FOUND: { code: 'OPERATION_CONTEXT_INVALID', message: 'Invalid operation context' },
  CONSENT_OPTIONS_MISSING: { code: 'CONSENT_DATA_INVALID', message: 'Missing options for consent' },
  CONSENT_OPTIONS_MISMATCH: { code: 'CONSENT_DATA_INVALID', message: 'Unexpected options count for consent' },
};

/**
 * `{"status":"ERROR","responseObject":{"code","message","validationErrors","remainingAttempts"}}`
 * with nulls written out, as the Java adapter does. Bad input of any kind is a 400 INPUT_INVALID
 * (the sample answered some of it with 500). `errorId` (the request id, added; clients ignore unknown
 * fields) lets a bank quote the failing call; a 5xx carries nothing else.
 */
export const dataAdapterDialect: WireDialect = {
  renderSuccess: okEnvelope,
  renderError(error: ApiError) {
    const { status, code, message } = mapCode(error, {
      VALIDATION_FAILED: { code: 'INPUT_INVALID', message: 'login.authenticationFailed' },
      MALFORMED_BODY: INVALID_REQUEST,
      PAYLOAD_TOO_LARGE: INVALID_REQUEST,
      UNSUPPORTED_MEDIA_TYPE: INVALID_REQUEST,
      BAD_REQUEST: INVALID_REQUEST,
      NOT_FOUND: { code: 'ERROR_GENERIC', message: 'error.notFound' },
      METHOD_NOT_ALLOWED: { code: 'ERROR_GENERIC', message: 'error.methodNotAllowed' },
      UNAUTHORIZED: { code: 'ERROR_GENERIC', message: 'error.unauthorized' },
      FORBIDDEN: { code: 'ERROR_GENERIC', message: 'error.forbidden' },
      INTERNAL_ERROR: { code: 'ERROR_GENERIC', message: 'Unknown Error' },
      ...DOMAIN_CODES,
    });
    const details = error.details as { validationErrors?: string[]; remainingAttempts?: number };
    const validationErrors =
      details.validationErrors ??
      (error.fieldErrors.length > 0 ? error.fieldErrors.flatMap((f) => expandFieldCode('typeMismatch', f.path)) : null);
    return {
      status,
      body: {
        status: 'ERROR',
        responseObject: {
          code,
          message,
          validationErrors,
          remainingAttempts: details.remainingAttempts ?? null,
          errorId: error.requestId,
        },
      },
    };
  },
};
