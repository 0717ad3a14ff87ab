import { ApiError, envelopeDialect, plainDialectWith } from '@app/core';
import { NEXT_STEP_ADMIN_CODES, NEXT_STEP_CODES } from './next-step-codes';

const error = (code: string, message: string): ApiError => ({
  status: 400,
  code,
  message,
  details: {},
  fieldErrors: [],
  requestId: 'r-1',
});

/** The texts Next Step answered before the domain libs lost their wire wording (byte for byte). */
const WIRE: Array<[domainCode: string, domainMessage: string, wireCode: string, wireMessage: string]> = [
  ['OPERATION_NOT_FOUND', 'x', 'OPERATION_NOT_FOUND', 'Operation not found.'],
  ['OPERATION_NOT_CONFIGURED', 'x', 'OPERATION_NOT_FOUND', 'Operation is not configured.'],
  ['OPERATION_ALREADY_EXISTS', 'x', 'OPERATION_ALREADY_EXISTS', 'Operation already exists.'],
  ['OPERATION_ALREADY_FINISHED', 'x', 'OPERATION_ALREADY_FINISHED', 'Operation is already in DONE state.'],
  ['OPERATION_ALREADY_FAILED', 'x', 'OPERATION_ALREADY_FAILED', 'Operation is already in FAILED state.'],
  [
    'OPERATION_ALREADY_CANCELED',
    'x',
    'OPERATION_ALREADY_CANCELED',
    'Operation update attempted for CANCELED operation.',
  ],
  [
    'OPERATION_NOT_VALID',
    'the operation is not pending.',
    'OPERATION_NOT_VALID',
    'Operation is not valid, cause: the operation is not pending.',
  ],
  [
    'INVALID_CONFIGURATION',
    'no step definitions for operation op_x.',
    'INVALID_CONFIGURATION',
    'Next Step configuration is invalid, cause: no step definitions for operation op_x.',
  ],
  ['OPERATION_CONFIG_NOT_FOUND', 'x', 'OPERATION_CONFIG_NOT_FOUND', 'Operation configuration not found.'],
  ['STEP_DEFINITION_NOT_FOUND', 'x', 'STEP_DEFINITION_NOT_FOUND', 'Step definition not found.'],
  ['AUTH_METHOD_NOT_FOUND', 'x', 'AUTH_METHOD_NOT_FOUND', 'Authentication method not found.'],
  [
    'AUTH_METHOD_ALWAYS_ENABLED',
    'Authentication method SMS_KEY cannot be disabled.',
    'INVALID_REQUEST',
    'Authentication method SMS_KEY cannot be disabled.',
  ],
  [
    'AUTH_METHOD_CONFIG_INVALID',
    'config must map names to strings.',
    'INVALID_REQUEST',
    'Request data is invalid, cause: config must map names to strings.',
  ],
  [
    'INVALID_FORM_DATA',
    'formData.title must be an object.',
    'INVALID_REQUEST',
    'Request data is invalid, cause: formData.title must be an object.',
  ],
  [
    'INVALID_OPERATION_DATA',
    'the amount in operationData and formData differ.',
    'INVALID_OPERATION_DATA',
    'Operation contains invalid data: the amount in operationData and formData differ.',
  ],
];

describe('Next Step code mapping', () => {
  it.each(WIRE)('words %s (%s) as %s: %s on /next-step', (domainCode, domainMessage, code, message) => {
    const { status, body } = envelopeDialect({ codes: NEXT_STEP_CODES }).renderError(
      error(domainCode, domainMessage),
      new Date(),
    );
    expect({ status, body }).toEqual({
      status: 400,
      body: { status: 'ERROR', responseObject: { code, message, errorId: 'r-1' } },
    });
  });

  it('words the admin API the same, with 404 for a missing row', () => {
    const admin = plainDialectWith(NEXT_STEP_ADMIN_CODES);
    for (const [domainCode, domainMessage, code, message] of WIRE) {
      const { status, body } = admin.renderError(error(domainCode, domainMessage), new Date());
      const notFound = domainCode === 'OPERATION_CONFIG_NOT_FOUND' || domainCode === 'STEP_DEFINITION_NOT_FOUND';
      expect({ domainCode, status, body }).toEqual({
        domainCode,
        status: notFound ? 404 : 400,
        body: { statusCode: notFound ? 404 : 400, code, message, requestId: 'r-1' },
      });
    }
  });
});
