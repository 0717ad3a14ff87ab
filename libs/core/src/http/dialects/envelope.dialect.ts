import { ApiError } from '../api-error';
import { CodeMapping, WireDialect, mapCode, okEnvelope } from './wire-dialect';

export interface EnvelopeDialectOptions {
  codes: CodeMapping;
  /** Extra fields of `responseObject` for a validation failure (e.g. validationErrors). */
  validationFields?: (error: ApiError) => Record<string, unknown>;
}

/**
 * Next Step answers: `{"status":"OK","responseObject":…}` and errors
 * `{"status":"ERROR","responseObject":{"code","message",…}}`.
 * The request id is added as `errorId` so a bank can quote it to operations.
 */
export function envelopeDialect(options: EnvelopeDialectOptions): WireDialect {
  return {
    renderSuccess: okEnvelope,
    renderError(error) {
      const { status, code, message } = mapCode(error, options.codes);
      const validation = error.fieldErrors.length > 0 ? (options.validationFields?.(error) ?? {}) : {};
      return {
        status,
        body: {
          status: 'ERROR',
          responseObject: { code, message, ...error.details, ...validation, errorId: error.requestId },
        },
      };
    },
  };
}
