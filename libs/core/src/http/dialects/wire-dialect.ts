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
}

/**
 * A dialect's status, code and message for a domain or generic code: where the API answers a
 * code with another status than 400 (or the generic default), or renames it.
 */
export type CodeMapping = Record<string, { code?: string; message?: string; status?: number }>;

export function mapCode(error: ApiError, mapping: CodeMapping): { status: number; code: string; message: string } {
  const mapped = mapping[error.code];
  return {
    status: mapped?.status ?? error.status,
    code: mapped?.code ?? error.code,
    message: mapped?.message ?? error.message,
  };
}

/** `{"status":"OK","responseObject":…}`, or `{"status":"OK"}` for a result of nothing. */
export function okEnvelope(result: unknown): unknown {
  return result === undefined ? { status: 'OK' } : { status: 'OK', responseObject: result };
}
