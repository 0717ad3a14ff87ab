import type { OperationFormData } from '@app/form-data';
import type { AuthResult, AuthStepResult } from './step-resolution/enums';

/** What the services hand to the HTTP layer (never entities). */
export interface CreatedOperation {
  operationId: string;
  operationName: string;
  result: AuthResult;
  resultDescription: string | null;
  timestampCreated: Date;
  timestampExpires: Date;
  operationData: string | null;
  steps: string[];
  formData: OperationFormData | null;
  expired: boolean;
}

export interface UpdatedOperation {
  operationId: string;
  operationName: string;
  userId: string | null;
  result: AuthResult;
  resultDescription: string | null;
  /** Time of this step (the anchor reports the update time here). */
  timestampCreated: Date;
  timestampExpires: Date;
  steps: string[];
  expired: boolean;
}

export interface OperationDetail {
  operationId: string;
  operationName: string;
  userId: string | null;
  result: AuthResult;
  timestampCreated: Date;
  timestampExpires: Date;
  operationData: string | null;
  steps: string[];
  history: Array<{ authMethod: string; authResult: AuthResult; requestAuthStepResult: AuthStepResult }>;
  formData: OperationFormData | null;
  chosenAuthMethod: string | null;
  remainingAttempts: number | null;
  expired: boolean;
}

export interface OperationConfigView {
  operationName: string;
  templateVersion: string;
  templateId: number;
  mobileTokenEnabled: boolean;
  mobileTokenMode: string;
  afsEnabled: boolean;
  afsConfigId: string | null;
  expirationSeconds: number | null;
}

export interface CreateOperationCommand {
  operationName: string;
  operationId?: string | null;
  operationData?: string | null;
  params?: Array<{ key: string; value: string }>;
  formData?: unknown;
}

export interface UpdateOperationCommand {
  operationId: string;
  userId?: string | null;
  authMethod: string;
  authStepResult: AuthStepResult;
  authStepResultDescription?: string | null;
  params?: Array<{ key: string; value: string }>;
}

/** 0.21 clients filter by a chosen method, 0.22+ clients by mobile-token readiness. */
export interface PendingQuery {
  userId: string;
  authMethod?: string | null;
  mobileTokenOnly?: boolean | null;
}
