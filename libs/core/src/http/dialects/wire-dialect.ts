import { ApiError } from '../api-error';

/** How one API family writes errors (ARCHITECTURE.md §3). */
export interface WireDialect {
  renderError(error: ApiError, now: Date): { status: number; body: unknown };
}

/** A dialect's own code and message for a generic code (see ApiError). */
export type CodeMapping = Record<string, { code: string; message?: string; status?: number }>;

export function mapCode(error: ApiError, mapping: CodeMapping): { status: number; code: string; message: string } {
  const mapped = mapping[error.code];
  return {
    status: mapped?.status ?? error.status,
    code: mapped?.code ?? error.code,
    message: mapped?.message ?? error.message,
  };
}
