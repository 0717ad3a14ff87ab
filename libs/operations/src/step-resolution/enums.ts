/** Result of a step as the client reports it (request). */
export const AUTH_STEP_RESULTS = ['CONFIRMED', 'CANCELED', 'AUTH_FAILED', 'AUTH_METHOD_FAILED'] as const;
export type AuthStepResult = (typeof AUTH_STEP_RESULTS)[number];

/** State of an operation after a step (response). */
export const AUTH_RESULTS = ['CONTINUE', 'FAILED', 'DONE'] as const;
export type AuthResult = (typeof AUTH_RESULTS)[number];

export const OPERATION_REQUEST_TYPES = ['CREATE', 'UPDATE'] as const;
export type OperationRequestType = (typeof OPERATION_REQUEST_TYPES)[number];

/** Reasons Web Flow sends as authStepResultDescription of a cancel. */
export const OPERATION_CANCEL_REASONS = [
  'UNKNOWN',
  'INCORRECT_DATA',
  'UNEXPECTED_OPERATION',
  'AUTH_METHOD_NOT_AVAILABLE',
  'INTERRUPTED_OPERATION',
  'UNEXPECTED_ERROR',
  'TIMED_OUT_OPERATION',
] as const;
