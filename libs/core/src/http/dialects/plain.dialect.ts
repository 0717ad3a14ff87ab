import { WireDialect } from './wire-dialect';

/** Plain JSON errors for administration, health and the back-office APIs. */
export const plainDialect: WireDialect = {
  renderError(error) {
    return {
      status: error.status,
      body: {
        statusCode: error.status,
        code: error.code,
        message: error.message,
        requestId: error.requestId,
        ...error.details,
        ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
      },
    };
  },
};
