/**
 * A rule of the domain was broken. Domain code throws these with a stable `code` from its lib's
 * typed union and no HTTP status: each API's wire dialect decides, in its code mapping, which
 * status and wording the code gets on that API (see WireDialect).
 */
export class DomainError<C extends string = string> extends Error {
  constructor(
    /** Stable upper-snake code, e.g. OPERATION_NOT_FOUND. */
    readonly code: C,
    message: string,
    /** Extra fields an API's error body may carry (e.g. remainingAttempts, retryAfterSeconds). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Codes every dialect knows, with the HTTP status they carry unless a dialect maps them
 * otherwise. Any other code is a 400 unless the dialect's mapping says otherwise.
 */
export const GENERIC_STATUS = {
  BAD_REQUEST: 400,
  MALFORMED_BODY: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_ERROR: 500,
} as const satisfies Record<string, number>;

export type GenericErrorCode = keyof typeof GENERIC_STATUS;

/** The status a code has before any dialect mapping. */
export function defaultStatusOf(code: string): number {
  return (GENERIC_STATUS as Record<string, number>)[code] ?? 400;
}

/** Caller sent no or wrong credentials. */
export class AuthenticationRequiredError extends DomainError<'UNAUTHORIZED'> {
  constructor() {
    super('UNAUTHORIZED', 'Authentication required.');
  }
}

/** Caller is authenticated but lacks the scope the route needs. */
export class ScopeMissingError extends DomainError<'FORBIDDEN'> {
  constructor(scope: string) {
    super('FORBIDDEN', `The API client lacks the scope "${scope}".`);
  }
}

/** A named thing does not exist (admin APIs). */
export class NotFoundError extends DomainError<'NOT_FOUND'> {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found.`);
  }
}

/** One rejected field of a request: a path such as `requestObject.username` and why. */
export interface FieldError {
  path: string;
  /** Stable rule name, e.g. isNotEmpty, maxLength, whitelistValidation. */
  rule: string;
  message: string;
}

/** Most rejected fields one answer lists; a body of 10 000 bad items must not get a 7 MiB answer. */
export const MAX_LISTED_FIELD_ERRORS = 20;

/**
 * The request body failed validation; carries the first MAX_LISTED_FIELD_ERRORS rejected
 * fields, and `details.moreErrors` counts the ones not listed.
 */
export class RequestValidationError extends DomainError<'VALIDATION_FAILED'> {
  readonly fieldErrors: FieldError[];

  constructor(fieldErrors: FieldError[]) {
    const more = fieldErrors.length - MAX_LISTED_FIELD_ERRORS;
    super('VALIDATION_FAILED', 'Request validation failed.', more > 0 ? { moreErrors: more } : {});
    this.fieldErrors = fieldErrors.slice(0, MAX_LISTED_FIELD_ERRORS);
  }
}
