import { BEARER_CHALLENGE, type ApiError, type FieldError, type WireDialect } from '@app/core';

/**
 * The /v1 error shape: Apache Fineract's ApiGlobalErrorResponse (fineract-twofactor.md §1.7),
 * `{"developerMessage","httpStatusCode":"403","defaultUserMessage","userMessageGlobalisationCode",
 * "errors":[{"developerMessage","defaultUserMessage","userMessageGlobalisationCode","parameterName"}]}`.
 * Domain rule violations carry the generic top-level code and the specific one in errors[0],
 * as upstream; access errors carry the specific code at the top.
 */
interface Mapping {
  status: number;
  /** The upstream's globalisation code (a function for codes that name a parameter). */
  globalisation: string | ((error: ApiError) => string);
  /** A domain rule violation (403 with the generic envelope). */
  domainRule?: boolean;
}

const MAPPINGS: Record<string, Mapping> = {
  AUTHENTICATION_FAILED: { status: 401, globalisation: 'error.msg.not.authenticated' },
  USER_TOKEN_INVALID: { status: 401, globalisation: 'error.msg.not.authenticated' },
  UNAUTHORIZED: { status: 401, globalisation: 'error.msg.not.authenticated' },
  FORBIDDEN: { status: 403, globalisation: 'error.msg.not.authorized' },
  PERMISSION_MISSING: {
    status: 403,
    globalisation: (e) => `error.msg.not.authorized.to.${String(e.details.permission ?? 'operation')}`,
  },
  TWOFACTOR_REQUIRED: { status: 403, globalisation: 'error.msg.twofactor.required' },
  TWOFACTOR_TOKEN_INVALID: { status: 401, globalisation: 'error.msg.twofactor.token.invalid' },
  DELIVERY_METHOD_INVALID: { status: 403, globalisation: 'error.msg.twofactor.otp.delivery.invalid', domainRule: true },
  OTP_INVALID: { status: 403, globalisation: 'error.msg.twofactor.otp.token.invalid', domainRule: true },
  ACCESS_TOKEN_INVALID: { status: 403, globalisation: 'error.msg.twofactor.access.token.invalid', domainRule: true },
  EXTENDED_TOKEN_NOT_ALLOWED: { status: 403, globalisation: 'error.msg.not.authorized.to.EXTENDED_TOKEN' },
  TOTP_NOT_ENROLLED: { status: 403, globalisation: 'error.msg.twofactor.totp.not.enrolled', domainRule: true },
  TOTP_ALREADY_ENROLLED: { status: 403, globalisation: 'error.msg.twofactor.totp.already.enrolled', domainRule: true },
  RESEND_TOO_EARLY: { status: 429, globalisation: 'error.msg.twofactor.otp.request.too.early' },
  RATE_LIMITED: { status: 429, globalisation: 'error.msg.twofactor.otp.request.rate.limited' },
  RESEND_LIMIT_EXCEEDED: { status: 429, globalisation: 'error.msg.twofactor.otp.request.rate.limited' },
  OTP_RATE_LIMITED: { status: 429, globalisation: 'error.msg.twofactor.otp.request.rate.limited' },
  TOO_MANY_REQUESTS: { status: 429, globalisation: 'error.msg.too.many.requests' },
  PROTECTED_OPERATION_NOT_FOUND: { status: 404, globalisation: 'error.msg.otp.protected.operation.id.invalid' },
  ROLE_NOT_FOUND: { status: 404, globalisation: 'error.msg.role.id.invalid' },
  NOT_FOUND: { status: 404, globalisation: 'error.msg.resource.not.found' },
  METHOD_NOT_ALLOWED: { status: 405, globalisation: 'error.msg.method.not.allowed' },
  MALFORMED_BODY: { status: 400, globalisation: 'error.msg.invalid.request.body' },
  BAD_REQUEST: { status: 400, globalisation: 'error.msg.invalid.request' },
  PAYLOAD_TOO_LARGE: { status: 413, globalisation: 'error.msg.request.body.too.large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, globalisation: 'error.msg.unsupported.media.type' },
  INTERNAL_ERROR: { status: 500, globalisation: 'error.msg.platform.server.side.error' },
};

/** Fineract's rule names for the class-validator rules our DTOs use. */
const RULE_SUFFIXES: Record<string, string> = {
  isNotEmpty: 'cannot.be.blank',
  isDefined: 'cannot.be.blank',
  isString: 'must.be.a.string',
  isBoolean: 'must.be.true.or.false',
  isIn: 'is.not.one.of.expected.enumerations',
  isInt: 'must.be.a.whole.number',
  min: 'is.less.than.min',
  max: 'is.greater.than.max',
  maxLength: 'exceeds.max.length',
  minLength: 'is.too.short',
  matches: 'is.invalid',
  isObject: 'must.be.an.object',
  isUnique: 'has.duplicate.characters',
  excludesToken: 'must.not.contain.token',
};

const VALIDATION_MESSAGE = 'Validation errors exist.';

interface ParameterError {
  developerMessage: string;
  defaultUserMessage: string;
  userMessageGlobalisationCode: string;
  parameterName: string;
  [extra: string]: unknown;
}

function envelope(
  status: number,
  developerMessage: string,
  userMessage: string,
  code: string,
  errors: ParameterError[],
) {
  return {
    developerMessage,
    httpStatusCode: String(status),
    defaultUserMessage: userMessage,
    userMessageGlobalisationCode: code,
    errors,
  };
}

function validation(resource: string, errors: ParameterError[]) {
  return {
    status: 400,
    body: envelope(
      400,
      'Invalid parameter details were passed in the api request.',
      VALIDATION_MESSAGE,
      'validation.msg.validation.errors.exist',
      errors,
    ),
  };
}

/**
 * One entry of a validation error. An unknown body field (StrictBodyPipe's whitelistValidation,
 * or a settings key configure does not know) is the upstream's UnsupportedParameterException
 * entry (FromJsonHelper.checkForUnsupportedParameters).
 */
function parameterError(resource: string, f: FieldError): ParameterError {
  if (f.rule === 'whitelistValidation' || f.rule === 'supportedParameter') {
    const message = `The parameter ${f.path} is not supported.`;
    return {
      developerMessage: message,
      defaultUserMessage: message,
      userMessageGlobalisationCode: 'error.msg.parameter.unsupported',
      parameterName: f.path,
    };
  }
  return {
    developerMessage: f.message,
    defaultUserMessage: f.message,
    userMessageGlobalisationCode: `validation.msg.${resource}.${f.path}.${RULE_SUFFIXES[f.rule] ?? f.rule}`,
    parameterName: f.path,
  };
}

/** The 401s of a back-office user's bearer tokens (the rest of /v1 is API clients' Basic). */
const BEARER_CODES = new Set(['USER_TOKEN_INVALID', 'TWOFACTOR_TOKEN_INVALID']);

export function fineractDialect(resource = 'twofactor'): WireDialect {
  return {
    authenticationChallenge: (code) => (BEARER_CODES.has(code) ? BEARER_CHALLENGE : undefined),
    renderError(error) {
      if (error.fieldErrors.some((f) => f.path === '' && f.rule === 'isObject')) {
        // Not a JSON object (an array, a string): the upstream's InvalidJsonException.
        const message = 'The JSON provided in the body of the request is invalid or missing.';
        return {
          status: 400,
          body: envelope(400, message, message, 'error.msg.invalid.request.body', [
            {
              developerMessage: message,
              defaultUserMessage: message,
              userMessageGlobalisationCode: 'error.msg.invalid.request.body',
              parameterName: 'id',
            },
          ]),
        };
      }
      if (error.fieldErrors.length > 0) {
        return validation(
          resource,
          error.fieldErrors.map((f) => parameterError(resource, f)),
        );
      }
      if (error.code === 'EXPRESSION_INVALID' || error.code === 'EXPRESSION_EVALUATION_FAILED') {
        const suffix = error.code === 'EXPRESSION_INVALID' ? 'invalid' : 'evaluation.failed';
        return validation(resource, [
          {
            developerMessage: error.message,
            defaultUserMessage: error.message,
            userMessageGlobalisationCode: `validation.msg.otpProtectedOperation.expression.${suffix}`,
            parameterName: 'expression',
            ...(typeof error.details.position === 'number' ? { position: error.details.position } : {}),
          },
        ]);
      }
      if (error.code === 'PARAMETER_MISSING') {
        const names = (error.details.parameters as string[] | undefined) ?? [];
        return validation(
          resource,
          names.map((name) => ({
            developerMessage: `The parameter ${name} is mandatory.`,
            defaultUserMessage: `The parameter ${name} is mandatory.`,
            userMessageGlobalisationCode: `validation.msg.otpProtectedOperation.parameters.${name}.cannot.be.blank`,
            parameterName: `parameters.${name}`,
          })),
        );
      }
      const mapping = MAPPINGS[error.code] ?? {
        status: error.status,
        globalisation: `error.msg.${error.code.toLowerCase().replace(/_/g, '.')}`,
      };
      const code = typeof mapping.globalisation === 'function' ? mapping.globalisation(error) : mapping.globalisation;
      const message =
        mapping.status >= 500
          ? `An unexpected error occurred on the platform server (error id ${error.requestId}).`
          : error.message;
      const specific: ParameterError = {
        developerMessage: message,
        defaultUserMessage: message,
        userMessageGlobalisationCode: code,
        parameterName: 'id',
      };
      if (mapping.domainRule) {
        return {
          status: mapping.status,
          body: envelope(
            mapping.status,
            'Request was understood but caused a domain rule violation.',
            'Errors contain reason for domain rule violation.',
            'validation.msg.domain.rule.violation',
            [specific],
          ),
        };
      }
      return { status: mapping.status, body: envelope(mapping.status, message, message, code, [specific]) };
    },
  };
}
