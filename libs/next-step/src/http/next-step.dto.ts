import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { RequestEnvelope } from '@app/core';
import { AUTH_STEP_RESULTS, CANCEL_REASON_MAX_LENGTH, type AuthStepResult } from '@app/operations';

/** Request DTOs of the Next Step API (seed 004, spec nextstep.md §1.2). Unknown fields are dropped. */
export class KeyValueParameter {
  @IsString()
  @MaxLength(256)
  key: string;

  @IsString()
  @MaxLength(1024)
  value: string;
}

export class UserAuthMethodListRequest {
  /** Null lists the methods every user has by default. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  userId?: string | null;
}
export class UserAuthMethodListBody extends RequestEnvelope(UserAuthMethodListRequest) {}

export class UpdateUserAuthMethodRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  userId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  authMethod: string;

  /** E.g. {"activationId": "…"} for POWERAUTH_TOKEN; null for other methods. */
  @IsOptional()
  @IsObject()
  config?: Record<string, string> | null;
}
export class UpdateUserAuthMethodBody extends RequestEnvelope(UpdateUserAuthMethodRequest) {}

export class CreateOperationRequest {
  @IsString()
  @Length(2, 64)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'operationName may contain letters, digits, _ . -' })
  operationName: string;

  /** Null or absent: the server generates a UUID. */
  @IsOptional()
  @IsString()
  @Length(1, 256)
  operationId?: string | null;

  /** The signing data string (A1*A100CZK*…); validated when present. */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  operationData?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KeyValueParameter)
  params?: KeyValueParameter[];

  /** OperationFormData; validated by type (AMOUNT, NOTE, KEY_VALUE, …). */
  @IsOptional()
  @IsObject()
  formData?: Record<string, unknown> | null;
}
export class CreateOperationBody extends RequestEnvelope(CreateOperationRequest) {}

export class UpdateOperationRequest {
  @IsString()
  @Length(1, 256)
  operationId: string;

  /** Absent keeps the operation's user. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  userId?: string | null;

  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  authMethod: string;

  @IsIn(AUTH_STEP_RESULTS)
  authStepResult: AuthStepResult;

  /** For CANCELED: the reason (e.g. INCORRECT_DATA); absent means UNKNOWN. */
  @IsOptional()
  @IsString()
  @MaxLength(CANCEL_REASON_MAX_LENGTH)
  authStepResultDescription?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KeyValueParameter)
  params?: KeyValueParameter[];
}
export class UpdateOperationBody extends RequestEnvelope(UpdateOperationRequest) {}

export class OperationIdRequest {
  @IsString()
  @Length(1, 256)
  operationId: string;
}
export class OperationIdBody extends RequestEnvelope(OperationIdRequest) {}

export class PendingOperationsRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  userId: string;

  /** 0.21 clients: operations where this method was chosen. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  authMethod?: string | null;

  /** 0.22 clients: only operations waiting for the mobile token. */
  @IsOptional()
  @IsBoolean()
  mobileTokenOnly?: boolean | null;
}
export class PendingOperationsBody extends RequestEnvelope(PendingOperationsRequest) {}

export class FormDataUpdate {
  /** Only userInput is taken; it is merged into the stored one. */
  @IsOptional()
  @IsObject()
  userInput?: Record<string, string>;
}

export class UpdateFormDataRequest {
  @IsString()
  @Length(1, 256)
  operationId: string;

  @IsObject()
  formData: Record<string, unknown>;
}
export class UpdateFormDataBody extends RequestEnvelope(UpdateFormDataRequest) {}

export class ChosenAuthMethodRequest {
  @IsString()
  @Length(1, 256)
  operationId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  chosenAuthMethod: string;
}
export class ChosenAuthMethodBody extends RequestEnvelope(ChosenAuthMethodRequest) {}

export class OperationConfigRequest {
  @IsString()
  @Length(1, 64)
  operationName: string;
}
export class OperationConfigBody extends RequestEnvelope(OperationConfigRequest) {}
