import { ApiError } from '../api-error';

/**
 * How one API family writes its answers (ARCHITECTURE.md §3): errors always, success bodies
 * when the family wraps them (envelope, JSON:API). Registered once per mount in WireDialects;
 * the exception filter and the success interceptor both ask it, so no controller can forget
 * its envelope.
 */
export interface WireDialect {
  renderError(error: ApiError, now: Date): { status: number; body: unknown };
  /** The body for a controller's result; absent means the result is the body. */
  renderSuccess?(result: unknown, now: Date): unknown;
  /**
   * The `WWW-Authenticate` challenge of a 401 with this code, for mounts whose callers present
   * a bearer token rather than an API client's Basic credentials; absent means Basic.
   */
  authenticationChallenge?(code: string): string | undefined;
}

/** The challenge of an API client's credentials (RFC 7617). */
export const BASIC_CHALLENGE = 'Basic realm="stepwise", charset="UTF-8"';
/** The challenge of a bearer token (RFC 6750): users of /v1, devices of /device/v1. */
export const BEARER_CHALLENGE = 'Bearer realm="stepwise"';

/**
 * A dialect's status, code and message for a domain or generic code: where the API answers a
 * code with another status than 400 (or the generic default), renames it, or words it its own
 * way. A message function gets the domain error's own message (e.g. the cause of a refusal) to
 * build the API's text around it.
 */
export type CodeMapping = Record<
  string,
  { code?: string; message?: string | ((domainMessage: string) => string); status?: number }
>;

export function mapCode(error: ApiError, mapping: CodeMapping): { status: number; code: string; message: string } {
  const mapped = mapping[error.code];
  const message = mapped?.message;
  return {
    status: mapped?.status ?? error.status,
    code: mapped?.code ?? error.code,
    message: typeof message === 'function' ? message(error.message) : (message ?? error.message),
  };
}

/** `{"status":"OK","responseObject":…}`, or `{"status":"OK"}` for a result of nothing. */
export function okEnvelope(result: unknown): unknown {
  return result === undefined ? { status: 'OK' } : { status: 'OK', responseObject: result };
}
