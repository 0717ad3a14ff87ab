import { BEARER_CHALLENGE, CodeMapping, WireDialect, mapCode } from '@app/core';
import { DEVICE_ERROR_STATUS } from '../device-error';

/** Mount of the API the bank's mobile app calls. */
export const DEVICE_API_MOUNT = '/device/v1';

const CODES: CodeMapping = Object.fromEntries(
  Object.entries(DEVICE_ERROR_STATUS).map(([code, status]) => [code, { code, status }]),
);

/**
 * The device API's wire: successes are plain JSON as the controllers return them; errors are
 * `{"code","message","requestId",…}` with a stable `code` the app can switch on.
 */
export const deviceDialect: WireDialect = {
  renderSuccess: (result: unknown) => result,
  // Every authenticated route here takes the device's bearer token.
  authenticationChallenge: () => BEARER_CHALLENGE,
  renderError(error) {
    const { status, code, message } = mapCode(error, CODES);
    return {
      status,
      body: {
        code,
        message,
        requestId: error.requestId,
        ...error.details,
        ...(error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {}),
      },
    };
  },
};

/** Codes of the approval rules as the admin and other plain-JSON APIs answer them. */
export const DEVICE_CODE_MAPPING = CODES;
