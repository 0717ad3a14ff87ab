import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/**
 * The APIs stepwise serves, by mount: the tag every operation under the mount gets (so the
 * document is grouped by API, not by controller) and the shape of its error answers (the wire
 * dialect that mount registers). A new API adds its row here; operations under no mount keep
 * the controller's tag and get the plain error shape, as WireDialects answers them.
 */
export interface ApiMount {
  prefix: string;
  tag: string;
  description: string;
  error: SchemaObject;
}

const plainError: SchemaObject = {
  type: 'object',
  description: 'Plain JSON error (administration, health, metrics).',
  required: ['statusCode', 'code', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer', example: 404 },
    code: { type: 'string', example: 'NOT_FOUND' },
    message: { type: 'string', example: 'User "u-1" was not found.' },
    requestId: { type: 'string', example: 'b0f5cd3e-5a46-4e2f-9d37-0d0e3a6f7a51' },
    fieldErrors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const envelopeError = (codeExample: string, extra: Record<string, SchemaObject> = {}): SchemaObject => ({
  type: 'object',
  required: ['status', 'responseObject'],
  properties: {
    status: { type: 'string', enum: ['ERROR'] },
    responseObject: {
      type: 'object',
      required: ['code', 'message', 'errorId'],
      properties: {
        code: { type: 'string', example: codeExample },
        message: { type: 'string' },
        errorId: { type: 'string', description: 'The request id, to quote to operations.' },
        ...extra,
      },
    },
  },
});

const jsonApiError: SchemaObject = {
  type: 'object',
  required: ['meta', 'errors'],
  properties: {
    meta: {
      type: 'object',
      required: ['type', 'timestamp'],
      properties: { type: { type: 'string' }, timestamp: { type: 'string', format: 'date-time' } },
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status', 'code'],
        properties: {
          id: { type: 'string' },
          status: { type: 'integer' },
          code: { type: 'string' },
          detail: { type: 'string' },
        },
      },
    },
  },
};

const fineractError: SchemaObject = {
  type: 'object',
  description: 'The upstream (Fineract) error shape of the back-office two-factor API.',
  required: ['developerMessage', 'httpStatusCode', 'defaultUserMessage', 'userMessageGlobalisationCode', 'errors'],
  properties: {
    developerMessage: { type: 'string' },
    httpStatusCode: { type: 'string', example: '403' },
    defaultUserMessage: { type: 'string' },
    userMessageGlobalisationCode: { type: 'string', example: 'error.msg.twofactor.required' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          developerMessage: { type: 'string' },
          defaultUserMessage: { type: 'string' },
          userMessageGlobalisationCode: { type: 'string' },
          parameterName: { type: 'string' },
        },
      },
    },
  },
};

const deviceError: SchemaObject = {
  type: 'object',
  description: 'Device API error: a stable code for the app.',
  required: ['code', 'message', 'requestId'],
  properties: {
    code: { type: 'string', example: 'APPROVAL_DECIDED' },
    message: { type: 'string' },
    requestId: { type: 'string' },
    fieldErrors: plainError.properties!.fieldErrors,
  },
};

export const API_MOUNTS: ApiMount[] = [
  {
    prefix: '/next-step',
    tag: 'Next Step',
    description: 'PowerAuth Next Step server API: operations, their steps and the auth methods of users.',
    error: envelopeError('OPERATION_NOT_FOUND'),
  },
  {
    prefix: '/data-adapter',
    tag: 'Data Adapter',
    description: 'PowerAuth Web Flow Data Adapter API: users, SMS authorization, consent, anti-fraud.',
    error: envelopeError('INPUT_INVALID', {
      validationErrors: { type: 'array', nullable: true, items: { type: 'string' } },
      remainingAttempts: { type: 'integer', nullable: true },
    }),
  },
  {
    prefix: '/auth-transaction-approval',
    tag: 'Transaction approval',
    description: 'Transaction approval API (JSON:API documents).',
    error: jsonApiError,
  },
  {
    prefix: '/v1',
    tag: 'Back-office two-factor',
    description: 'Back-office two-factor API: OTP by e-mail and SMS, TOTP, tokens, OTP-protected operations.',
    error: fineractError,
  },
  {
    prefix: '/device/v1',
    tag: 'Device',
    description: "Device API of push approval, called by the bank's mobile app with its device token.",
    error: deviceError,
  },
  {
    prefix: '/admin',
    tag: 'Administration',
    description: 'API clients, users, Next Step configuration, anti-fraud rules, outbox (scope admin).',
    error: plainError,
  },
  {
    prefix: '/health',
    tag: 'Operations',
    description: 'Health and metrics for orchestrators and monitoring.',
    error: plainError,
  },
  { prefix: '/metrics', tag: 'Operations', description: '', error: plainError },
];

export const PLAIN_ERROR = plainError;

export function mountOf(path: string): ApiMount | undefined {
  return [...API_MOUNTS]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((mount) => path === mount.prefix || path.startsWith(`${mount.prefix}/`));
}
