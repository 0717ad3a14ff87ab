import { BadRequestException, HttpException } from '@nestjs/common';
import { DomainError, RequestValidationError } from '../errors/domain-error';
import { toApiError } from './api-error';

describe('toApiError', () => {
  it('keeps domain codes and details', () => {
    expect(toApiError(new DomainError('OPERATION_NOT_FOUND', 'Operation not found.', { a: 1 }), 'r')).toMatchObject({
      status: 400,
      code: 'OPERATION_NOT_FOUND',
      details: { a: 1 },
    });
  });

  it('carries field errors of validation failures', () => {
    const error = toApiError(
      new RequestValidationError([{ path: 'x', rule: 'isInt', message: 'x must be an integer' }]),
      'r',
    );
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', fieldErrors: [{ path: 'x' }] });
  });

  it('unwraps Fastify body errors that the Nest adapter wraps', () => {
    const cause = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(toApiError(new HttpException('x', 400, { cause }), 'r').code).toBe('MALFORMED_BODY');
  });

  it('maps client HTTP errors to generic codes and hides everything else', () => {
    expect(toApiError(new BadRequestException(), 'r').code).toBe('BAD_REQUEST');
    const hidden = toApiError(new Error('secret detail'), 'req-9');
    expect(hidden).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal error.',
      requestId: 'req-9',
    });
  });
});
