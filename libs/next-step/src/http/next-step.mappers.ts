import type { AuthMethodRecord, EnabledAuthMethod } from '@app/auth-methods';
import { formatSecondsTimestamp as ts } from '@app/core';
import type { CreatedOperation, OperationDetail, UpdatedOperation } from '@app/operations';
import type {
  AuthMethodView,
  AuthStepView,
  CreateOperationResponse,
  OperationDetailResponse,
  UpdateOperationResponse,
  UserAuthMethodListResponse,
} from './next-step-responses.dto';

const steps = (methods: string[]): AuthStepView[] => methods.map((authMethod) => ({ authMethod, params: [] }));

export const authMethodView = (m: AuthMethodRecord): AuthMethodView => ({
  authMethod: m.authMethod,
  hasUserInterface: m.hasUserInterface,
  displayNameKey: m.displayNameKey,
  hasMobileToken: m.hasMobileToken,
});

export const userAuthMethods = (userId: string | null, enabled: EnabledAuthMethod[]): UserAuthMethodListResponse => ({
  userAuthMethods: enabled.map(({ entry, config }) => ({ userId, ...authMethodView(entry), config })),
});

export const createdView = (o: CreatedOperation): CreateOperationResponse => ({
  operationId: o.operationId,
  operationName: o.operationName,
  result: o.result,
  resultDescription: o.resultDescription,
  timestampCreated: ts(o.timestampCreated),
  timestampExpires: ts(o.timestampExpires),
  operationData: o.operationData,
  steps: steps(o.steps),
  formData: o.formData as Record<string, unknown> | null,
  expired: o.expired,
});

export const updatedView = (o: UpdatedOperation): UpdateOperationResponse => ({
  operationId: o.operationId,
  operationName: o.operationName,
  userId: o.userId,
  result: o.result,
  resultDescription: o.resultDescription,
  timestampCreated: ts(o.timestampCreated),
  timestampExpires: ts(o.timestampExpires),
  steps: steps(o.steps),
  expired: o.expired,
});

export const detailView = (o: OperationDetail): OperationDetailResponse => ({
  operationId: o.operationId,
  operationName: o.operationName,
  userId: o.userId,
  result: o.result,
  timestampCreated: ts(o.timestampCreated),
  timestampExpires: ts(o.timestampExpires),
  operationData: o.operationData,
  steps: steps(o.steps),
  history: o.history,
  formData: o.formData as Record<string, unknown> | null,
  chosenAuthMethod: o.chosenAuthMethod,
  remainingAttempts: o.remainingAttempts,
  expired: o.expired,
});
