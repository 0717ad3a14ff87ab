import { CodeMapping, WireDialect, mapCode } from './wire-dialect';

/**
 * Plain JSON errors for administration, health and the back-office APIs; success bodies as the
 * controller returns them. `codes` gives a mount's own statuses (e.g. 409 for a duplicate).
 */
export function plainDialectWith(codes: CodeMapping): WireDialect {
  return {
    renderError(error) {
      const { status, code, message } = mapCode(error, codes);
      return {
        status,
        body: {
          statusCode: status,
          code,
          message,
          requestId: error.requestId,
          ...error.details,
          ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
        },
      };
    },
  };
}

/** The plain dialect without mount-specific codes: what answers outside every registered mount. */
export const plainDialect: WireDialect = plainDialectWith({});
