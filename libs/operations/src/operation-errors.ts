import { DomainError } from '@app/core';

/**
 * What the operations domain refuses. The wording of each API lives in its dialect's code
 * mapping (Next Step: libs/next-step/src/http/next-step-codes.ts); the messages here say what
 * happened, and for the three refusals with a cause, the message is that cause.
 */
export type OperationErrorCode =
  | 'OPERATION_NOT_FOUND'
  | 'OPERATION_NOT_CONFIGURED'
  | 'OPERATION_ALREADY_EXISTS'
  | 'OPERATION_ALREADY_FINISHED'
  | 'OPERATION_ALREADY_FAILED'
  | 'OPERATION_ALREADY_CANCELED'
  | 'OPERATION_NOT_VALID'
  | 'INVALID_CONFIGURATION'
  | 'OPERATION_CONFIG_NOT_FOUND'
  | 'STEP_DEFINITION_NOT_FOUND';

export class OperationError extends DomainError<OperationErrorCode> {}

export const operationNotFound = () => new OperationError('OPERATION_NOT_FOUND', 'No operation has this id.');
export const operationAlreadyExists = () =>
  new OperationError('OPERATION_ALREADY_EXISTS', 'An operation with this id exists.');
export const operationAlreadyFinished = () =>
  new OperationError('OPERATION_ALREADY_FINISHED', 'The operation is done; it takes no more steps.');
export const operationAlreadyFailed = () =>
  new OperationError('OPERATION_ALREADY_FAILED', 'The operation failed; it takes no more steps.');
export const operationAlreadyCanceled = () =>
  new OperationError('OPERATION_ALREADY_CANCELED', 'The operation was canceled; it takes no more steps.');
/** `cause`: why the step does not fit the operation, e.g. "the operation is not pending." */
export const operationNotValid = (cause: string) => new OperationError('OPERATION_NOT_VALID', cause);
/** `cause`: what is wrong with the step definitions or the catalogue. */
export const invalidConfiguration = (cause: string) => new OperationError('INVALID_CONFIGURATION', cause);
export const operationNotConfigured = () =>
  new OperationError('OPERATION_NOT_CONFIGURED', 'The operation name has no configuration.');
export const operationConfigNotFound = () =>
  new OperationError('OPERATION_CONFIG_NOT_FOUND', 'The operation name has no configuration to delete.');
export const stepDefinitionNotFound = () =>
  new OperationError('STEP_DEFINITION_NOT_FOUND', 'No step definition has this id.');
