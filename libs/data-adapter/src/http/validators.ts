import { DomainError } from '@app/core';
import { PAYMENT_OPERATIONS, LOGIN_OPERATIONS, operationBinding } from '../sms/operation-binding';
import { PASSWORD_PROTECTION_TYPES } from '../password/password-decryption';
import { DataAdapterLimits } from '../data-adapter.config';
import { FieldRejections, isBlank, lengthOf } from '../wire/da-validation';
import type { OperationRequest } from './dto/common.dto';
import type { UserAuthenticationRequest, UserLookupRequest } from './dto/user.dto';
import type { CreateSmsAuthorizationRequest } from './dto/sms.dto';
import type { CreateConsentFormRequest, SaveConsentFormRequest, ValidateConsentFormRequest } from './dto/consent.dto';

/**
 * The sample adapter's request validators (spec §3, §6.2), field by field and in its order.
 * Endpoints it left unvalidated still reject a missing operation context with a 400 instead of
 * the sample's NullPointerException.
 */
const CONTEXT = 'requestObject.operationContext';

export function requireOperationContext(request: OperationRequest): void {
  if (!request.operationContext) new FieldRejections().reject(CONTEXT, 'operationContext.missing').throwIfAny();
}

/** The operation id, needed wherever something is bound to or recorded for the operation. */
export function operationIdOf(request: OperationRequest): string {
  const id = request.operationContext?.id;
  if (isBlank(id) || id!.length > 256) throw new DomainError('OPERATION_CONTEXT_INVALID', 'Invalid operation context');
  return id!;
}

export function validateLookup(request: UserLookupRequest, limits: DataAdapterLimits): void {
  const errors = new FieldRejections();
  if (!request.operationContext) errors.reject(CONTEXT, 'operationContext.missing');
  if (isBlank(request.username)) errors.reject('requestObject.username', 'login.username.empty');
  else if (lengthOf(request.username) > limits.usernameMax)
    errors.reject('requestObject.username', 'login.username.long');
  organization(errors, request.organizationId, limits, 'login');
  errors.throwIfAny();
}

export function validateAuthentication(request: UserAuthenticationRequest, limits: DataAdapterLimits): void {
  const errors = new FieldRejections();
  if (!request.operationContext) errors.reject(CONTEXT, 'operationContext.missing');
  if (isBlank(request.userId)) errors.reject('requestObject.userId', 'login.userId.empty');
  else if (lengthOf(request.userId) > limits.userIdMax) errors.reject('requestObject.userId', 'login.userId.long');
  const protection = request.authenticationContext?.passwordProtection ?? 'NO_PROTECTION';
  const maxPassword = protection === 'NO_PROTECTION' ? limits.plainPasswordMax : limits.protectedPasswordMax;
  if (isBlank(request.password)) errors.reject('requestObject.password', 'login.password.empty');
  else if (lengthOf(request.password) > maxPassword) errors.reject('requestObject.password', 'login.password.long');
  organization(errors, request.organizationId, limits, 'login');
  if (!(PASSWORD_PROTECTION_TYPES as readonly string[]).includes(protection)) {
    errors.reject('requestObject.authenticationContext', 'login.type.unsupported');
  }
  errors.throwIfAny();
}

/** Returns the binding items the code will be bound to. */
export function validateSmsCreate(request: CreateSmsAuthorizationRequest, limits: DataAdapterLimits): string[] {
  requireOperationContext(request);
  const errors = new FieldRejections();
  const context = request.operationContext!;
  if (lengthOf(request.userId) > limits.userIdMax)
    errors.reject('requestObject.userId', 'smsAuthorization.userId.long');
  if (lengthOf(request.organizationId) > limits.organizationIdMax) {
    errors.reject('requestObject.organizationId', 'smsAuthorization.organizationId.long');
  }
  const name = context.name;
  if (isBlank(name)) errors.reject(`${CONTEXT}.name`, 'smsAuthorization.operationName.empty');
  else if (lengthOf(name) > limits.operationNameMax)
    errors.reject(`${CONTEXT}.name`, 'smsAuthorization.operationName.long');
  errors.throwIfAny();
  if (![...LOGIN_OPERATIONS, ...PAYMENT_OPERATIONS].includes(name as never)) {
    throw new DomainError('OPERATION_CONTEXT_INVALID', `Unsupported operation: ${name}`);
  }
  const binding = operationBinding(name!, context.formData);
  if ('invalid' in binding) errors.reject(CONTEXT, binding.invalid);
  errors.throwIfAny();
  return (binding as { items: string[] }).items;
}

export function validateConsent(
  request: CreateConsentFormRequest | ValidateConsentFormRequest | SaveConsentFormRequest,
  checks: { lang: boolean; options: boolean },
  limits: DataAdapterLimits,
): void {
  const errors = new FieldRejections();
  if (!request.operationContext) errors.reject(CONTEXT, 'operationContext.missing');
  if (isBlank(request.userId) || lengthOf(request.userId) > limits.userIdMax) {
    errors.reject('requestObject.userId', 'consent.invalidRequest');
  }
  if (request.operationContext) {
    const name = request.operationContext.name;
    if (isBlank(name) || lengthOf(name) > limits.operationNameMax) {
      errors.reject(`${CONTEXT}.name`, 'consent.invalidRequest');
    }
  }
  if (checks.lang && isBlank((request as CreateConsentFormRequest).lang)) {
    errors.reject('requestObject.lang', 'consent.invalidRequest');
  }
  if (checks.options && !(request as SaveConsentFormRequest).options) {
    errors.reject('requestObject.options', 'consent.invalidRequest');
  }
  errors.throwIfAny();
}

function organization(errors: FieldRejections, organizationId: unknown, limits: DataAdapterLimits, prefix: string) {
  if (isBlank(organizationId)) errors.reject('requestObject.organizationId', `${prefix}.organizationId.empty`);
  else if (lengthOf(organizationId) > limits.organizationIdMax) {
    errors.reject('requestObject.organizationId', `${prefix}.organizationId.long`);
  }
}
