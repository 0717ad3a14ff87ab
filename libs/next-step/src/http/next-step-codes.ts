import type { AuthMethodErrorCode } from '@app/auth-methods';
import type { CodeMapping } from '@app/core';
import type { FormDataErrorCode } from '@app/form-data';
import type { OperationErrorCode } from '@app/operations';

type DomainCode = OperationErrorCode | AuthMethodErrorCode | FormDataErrorCode;
const invalidRequest = (cause: string) => `Request data is invalid, cause: ${cause}`;

/**
 * The domain libs' refusals in Next Step's codes and English (the anchor's texts, spec
 * nextstep.md §5); a cause the domain gives as its message goes after the anchor's prefix.
 * Every code of the three libs is listed, so a new one cannot reach the wire unworded.
 */
export const NEXT_STEP_DOMAIN_CODES: Record<DomainCode, CodeMapping[string]> = {
  OPERATION_NOT_FOUND: { message: 'Operation not found.' },
  /** The anchor reports an unconfigured operation name with this code and message (spec §5.1). */
  OPERATION_NOT_CONFIGURED: { code: 'OPERATION_NOT_FOUND', message: 'Operation is not configured.' },
  OPERATION_ALREADY_EXISTS: { message: 'Operation already exists.' },
  OPERATION_ALREADY_FINISHED: { message: 'Operation is already in DONE state.' },
  OPERATION_ALREADY_FAILED: { message: 'Operation is already in FAILED state.' },
  OPERATION_ALREADY_CANCELED: { message: 'Operation update attempted for CANCELED operation.' },
  OPERATION_NOT_VALID: { message: (cause) => `Operation is not valid, cause: ${cause}` },
  INVALID_CONFIGURATION: { message: (cause) => `Next Step configuration is invalid, cause: ${cause}` },
  OPERATION_CONFIG_NOT_FOUND: { message: 'Operation configuration not found.' },
  STEP_DEFINITION_NOT_FOUND: { message: 'Step definition not found.' },
  AUTH_METHOD_NOT_FOUND: { message: 'Authentication method not found.' },
  AUTH_METHOD_ALWAYS_ENABLED: { code: 'INVALID_REQUEST' },
  AUTH_METHOD_CONFIG_INVALID: { code: 'INVALID_REQUEST', message: invalidRequest },
  INVALID_FORM_DATA: { code: 'INVALID_REQUEST', message: invalidRequest },
  INVALID_OPERATION_DATA: { message: (cause) => `Operation contains invalid data: ${cause}` },
};

const invalid = { code: 'INVALID_REQUEST', message: 'Request data is invalid.' };

/** /next-step: the generic codes in Next Step's terms, then the domain's. */
export const NEXT_STEP_CODES: CodeMapping = {
  VALIDATION_FAILED: invalid,
  MALFORMED_BODY: invalid,
  PAYLOAD_TOO_LARGE: { code: 'INVALID_REQUEST', message: 'Request is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'INVALID_REQUEST', message: 'Send the body as application/json.' },
  NOT_FOUND: { code: 'ERROR_NOT_FOUND', message: 'Resource not found.' },
  METHOD_NOT_ALLOWED: { code: 'ERROR_NOT_FOUND', message: 'Method not allowed.' },
  UNAUTHORIZED: { code: 'UNAUTHORIZED', message: 'Authentication required.' },
  FORBIDDEN: { code: 'FORBIDDEN', message: 'Access denied.' },
  INTERNAL_ERROR: { code: 'ERROR_GENERIC', message: 'error.unknown' },
  ...NEXT_STEP_DOMAIN_CODES,
};

/** /admin/next-step (plain JSON): the same wording; a missing row is a 404. */
export const NEXT_STEP_ADMIN_CODES: CodeMapping = {
  ...NEXT_STEP_DOMAIN_CODES,
  OPERATION_CONFIG_NOT_FOUND: { ...NEXT_STEP_DOMAIN_CODES.OPERATION_CONFIG_NOT_FOUND, status: 404 },
  STEP_DEFINITION_NOT_FOUND: { ...NEXT_STEP_DOMAIN_CODES.STEP_DEFINITION_NOT_FOUND, status: 404 },
};
