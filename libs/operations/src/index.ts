export { NextStepAdminService } from './next-step-admin.service';
export { OperationExpiryJob } from './operation-expiry.job';
export { CANCEL_REASON_MAX_LENGTH } from './operation-history.entity';
export { OperationQueriesService } from './operation-queries.service';
export type { CreatedOperation, OperationDetail, UpdatedOperation } from './operation-views';
export { OperationsModule } from './operations.module';
export { OperationsService } from './operations.service';
export { AUTH_RESULTS, AUTH_STEP_RESULTS, OPERATION_REQUEST_TYPES } from './step-resolution/enums';
export type { AuthResult, AuthStepResult, OperationRequestType } from './step-resolution/enums';
