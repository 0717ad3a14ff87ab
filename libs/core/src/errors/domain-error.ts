/**
 * A rule of the domain was broken. Domain code throws these with a stable `code`; only the
 * HTTP exception filters decide how an error looks on the wire of the API that was called.
 */
export class DomainError extends Error {
  constructor(
    /** Stable upper-snake code, e.g. OPERATION_NOT_FOUND. */
    readonly code: string,
    message: string,
    /** HTTP status the APIs answer with (400 unless a rule says otherwise). */
    readonly status = 400,
    /** Extra fields an API's error body carries (e.g. remainingAttempts). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Caller sent no or wrong credentials. */
export class AuthenticationRequiredError extends DomainError {
  constructor() {
    super('UNAUTHORIZED', 'Authentication required.', 401);
  }
}

/** Caller is authenticated but lacks the scope the route needs. */
export class ScopeMissingError extends DomainError {
  constructor(scope: string) {
    super('FORBIDDEN', `The API client lacks the scope "${scope}".`, 403);
  }
}

/** A named thing does not exist (admin APIs). */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found.`, 404);
  }
}

/** One rejected field of a request: a path such as `requestObject.username` and why. */
export interface FieldError {
  path: string;
  /** Stable rule name, e.g. isNotEmpty, maxLength, whitelistValidation. */
  rule: string;
  message: string;
}

/** The request body failed validation; carries every rejected field. */
export class RequestValidationError extends DomainError {
  constructor(readonly fieldErrors: FieldError[]) {
    super('VALIDATION_FAILED', 'Request validation failed.', 400);
  }
}
