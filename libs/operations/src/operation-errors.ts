import { DomainError } from '@app/core';

/** The stable error codes of the Next Step API (spec nextstep.md §5). */
export const operationNotFound = () => new DomainError('OPERATION_NOT_FOUND', 'Operation not found.');
export const operationAlreadyExists = () => new DomainError('OPERATION_ALREADY_EXISTS', 'Operation already exists.');
export const operationAlreadyFinished = () =>
  new DomainError('OPERATION_ALREADY_FINISHED', 'Operation is already in DONE state.');
export const operationAlreadyFailed = () =>
  new DomainError('OPERATION_ALREADY_FAILED', 'Operation is already in FAILED state.');
export const operationAlreadyCanceled = () =>
  new DomainError('OPERATION_ALREADY_CANCELED', 'Operation update attempted for CANCELED operation.');
export const operationNotValid = (cause: string) =>
  new DomainError('OPERATION_NOT_VALID', `Operation is not valid, cause: ${cause}`);
export const invalidConfiguration = (cause: string) =>
  new DomainError('INVALID_CONFIGURATION', `Next Step configuration is invalid, cause: ${cause}`);
export const invalidRequest = (cause: string) =>
  new DomainError('INVALID_REQUEST', `Request data is invalid, cause: ${cause}`);
/** The anchor reports an unconfigured operation name with this code and message (spec §5.1). */
export const operationNotConfigured = () => new DomainError('OPERATION_NOT_FOUND', 'Operation is not configured.');
export const operationConfigNotFound = () =>
  new DomainError('OPERATION_CONFIG_NOT_FOUND', 'Operation configuration not found.');
export const stepDefinitionNotFound = () => new DomainError('STEP_DEFINITION_NOT_FOUND', 'Step definition not found.');
