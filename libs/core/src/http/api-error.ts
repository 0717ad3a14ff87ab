import { HttpException } from '@nestjs/common';
import { isDuplicateKey, isUnfitValue } from '../database/database-errors';
import { DomainError, FieldError, RequestValidationError, defaultStatusOf } from '../errors/domain-error';
import { ClientProtocolError, MAX_JSON_DEPTH } from './http-edge';

/**
 * Any failure, normalised before a wire dialect renders it. `status` is the code's default
 * (GENERIC_STATUS, else 400); the dialect's code mapping may give it another. Generic codes (VALIDATION_FAILED,
 * MALFORMED_BODY, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, NOT_FOUND, METHOD_NOT_ALLOWED,
 * UNAUTHORIZED, FORBIDDEN, INTERNAL_ERROR) are mapped by each dialect to its own codes;
 * domain codes pass through.
 */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: Readonly<Record<string, unknown>>;
  fieldErrors: FieldError[];
  /** The request id; a 5xx body shows only this, the cause goes to the log. */
  requestId: string;
  /** Set for unexpected failures so the filter logs the cause. */
  cause?: unknown;
}

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_BODY', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_BODY', 'The request body is empty.'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'MALFORMED_BODY', 'Content-Length does not match the body.'],
  FST_ERR_CTP_JSON_TOO_DEEP: [
    400,
    'MALFORMED_BODY',
    `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
  ],
  // the URL is never echoed: Fastify's own messages quote it
  FST_ERR_BAD_URL: [400, 'BAD_REQUEST', 'The URL is not validly percent-encoded.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URI_TOO_LONG', 'A path parameter is longer than 100 characters.'],
};

export function toApiError(exception: unknown, requestId: string): ApiError {
  const base = { details: {}, fieldErrors: [] as FieldError[], requestId };
  if (exception instanceof RequestValidationError) {
    return {
      ...base,
      status: 400,
      code: exception.code,
      message: exception.message,
      details: exception.details,
      fieldErrors: exception.fieldErrors,
    };
  }
  if (exception instanceof DomainError) {
    return {
      ...base,
      status: defaultStatusOf(exception.code),
      code: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof ClientProtocolError) {
    return { ...base, status: exception.statusCode, code: exception.code, message: exception.message };
  }
  if (exception instanceof HttpException && isFastifyError(exception.cause)) {
    return toApiError(exception.cause, requestId); // body parsing errors, wrapped by the Nest adapter
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    if (status < 500) return { ...base, status, code: genericCodeFor(status), message: exception.message };
    return { ...base, status, code: 'INTERNAL_ERROR', message: 'Internal error.', cause: exception };
  }
  const fastify = exception as FastifyLikeError;
  if (fastify && typeof fastify === 'object' && typeof fastify.code === 'string') {
    const known = FASTIFY_CODES[fastify.code];
    if (known) return { ...base, status: known[0], code: known[1], message: known[2] };
    if (fastify.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      return {
        ...base,
        status: fastify.statusCode,
        code: genericCodeFor(fastify.statusCode),
        message: 'The request could not be read.',
      };
    }
  }
  // A service that forgot to expect these still answers for the request, not with a 500; the
  // cause is logged (without its SQL) so the missing check can be added.
  if (isDuplicateKey(exception)) {
    return { ...base, status: 409, code: 'CONFLICT', message: 'The resource already exists.', cause: exception };
  }
  if (isUnfitValue(exception)) {
    return {
      ...base,
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'A value does not fit its field.',
      cause: exception,
    };
  }
  if (exception instanceof SyntaxError && (exception as FastifyLikeError).statusCode === 400) {
    return { ...base, status: 400, code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' };
  }
  return { ...base, status: 500, code: 'INTERNAL_ERROR', message: 'Internal error.', cause: exception };
}

function isFastifyError(cause: unknown): cause is FastifyLikeError {
  return (
    typeof (cause as FastifyLikeError | undefined)?.code === 'string' &&
    (cause as FastifyLikeError).code!.startsWith('FST_')
  );
}

function genericCodeFor(status: number): string {
  switch (status) {
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return 'BAD_REQUEST';
  }
}
