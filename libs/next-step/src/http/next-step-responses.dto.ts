import { ApiProperty } from '@nestjs/swagger';
import { KeyValueParameter } from './next-step.dto';

/** Response DTOs of the Next Step API; timestamps are `2019-06-28T12:20:43+0000`. */
export class ServiceStatusResponse {
  applicationName: string;
  applicationDisplayName: string;
  applicationEnvironment: string;
  version: string;
  buildTime: string;
  timestamp: string;
}

export class AuthMethodView {
  authMethod: string;
  hasUserInterface: boolean;
  displayNameKey: string | null;
  hasMobileToken: boolean;
}

export class AuthMethodListResponse {
  authMethods: AuthMethodView[];
}

export class UserAuthMethodView extends AuthMethodView {
  userId: string | null;
  config: Record<string, string> | null;
}

export class UserAuthMethodListResponse {
  userAuthMethods: UserAuthMethodView[];
}

export class AuthStepView {
  authMethod: string;
  params: KeyValueParameter[];
}

export class HistoryItemView {
  authMethod: string;
  authResult: string;
  requestAuthStepResult: string;
}

export class CreateOperationResponse {
  operationId: string;
  operationName: string;
  result: string;
  resultDescription: string | null;
  timestampCreated: string;
  timestampExpires: string;
  operationData: string | null;
  steps: AuthStepView[];
  /** OperationFormData as stored. */
  formData: Record<string, unknown> | null;
  expired: boolean;
}

export class UpdateOperationResponse {
  operationId: string;
  operationName: string;
  userId: string | null;
  result: string;
  resultDescription: string | null;
  timestampCreated: string;
  timestampExpires: string;
  steps: AuthStepView[];
  expired: boolean;
}

export class OperationDetailResponse {
  operationId: string;
  operationName: string;
  userId: string | null;
  result: string;
  timestampCreated: string;
  timestampExpires: string;
  operationData: string | null;
  steps: AuthStepView[];
  history: HistoryItemView[];
  formData: Record<string, unknown> | null;
  chosenAuthMethod: string | null;
  @ApiProperty({ type: 'integer' })
  remainingAttempts: number | null;
  expired: boolean;
}

export class OperationConfigResponse {
  operationName: string;
  templateVersion: string;
  @ApiProperty({ type: 'integer' })
  templateId: number;
  mobileTokenEnabled: boolean;
  mobileTokenMode: string;
  afsEnabled: boolean;
  afsConfigId: string | null;
  @ApiProperty({ type: 'integer' })
  expirationSeconds: number | null;
}

export class OperationConfigListResponse {
  operationConfigs: OperationConfigResponse[];
}
