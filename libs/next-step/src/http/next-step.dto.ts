import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  ValidateBy,
} from 'class-validator';
import { isAuthMethodConfig } from '@app/auth-methods';
import { RequestEnvelope } from '@app/core';
import { AUTH_STEP_RESULTS, CANCEL_REASON_MAX_LENGTH, type AuthStepResult } from '@app/operations';

/** Request DTOs of the Next Step API (seed 004, spec nextstep.md §1.2). Unknown fields are dropped. */
export class KeyValueParameter {
  @ApiProperty({ example: 'amount' })
  @IsString()
  @MaxLength(256)
  key: string;

  @ApiProperty({ example: '100' })
  @IsString()
  @MaxLength(1024)
  value: string;
}

export class UserAuthMethodListRequest {
  /** Null lists the methods every user has by default. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'jnovak' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  userId?: string | null;
}
export class UserAuthMethodListBody extends RequestEnvelope(UserAuthMethodListRequest) {}

export class UpdateUserAuthMethodRequest {
  @ApiProperty({ example: 'jnovak' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  userId: string;

  @ApiProperty({ example: 'POWERAUTH_TOKEN' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  authMethod: string;

  /** E.g. {"activationId": "…"} for POWERAUTH_TOKEN; null for other methods. */
  @ApiPropertyOptional({ example: { activationId: '4a9b3f1e-6c1d-4c55-9b3a-2f0f6f9d1c10' } })
  @IsOptional()
  @IsObject()
  @ValidateBy({
    name: 'isAuthMethodConfig',
    validator: {
      validate: (value) => isAuthMethodConfig(value),
      defaultMessage: () => 'config must map at most 20 names (1-64 characters) to strings of at most 256',
    },
  })
  config?: Record<string, string> | null;
}
export class UpdateUserAuthMethodBody extends RequestEnvelope(UpdateUserAuthMethodRequest) {}

export class CreateOperationRequest {
  @ApiProperty({ example: 'authorize_payment' })
  @IsString()
  @Length(2, 64)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'operationName may contain letters, digits, _ . -' })
  operationName: string;

  /** Null or absent: the server generates a UUID. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'pay-1' })
  @IsOptional()
  @IsString()
  @Length(1, 256)
  operationId?: string | null;

  /** The signing data string (A1*A100CZK*…); validated when present. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  operationData?: string | null;

  @ApiPropertyOptional({ type: () => KeyValueParameter, isArray: true, example: [{ key: 'channel', value: 'web' }] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KeyValueParameter)
  params?: KeyValueParameter[];

  /** OperationFormData; validated by type (AMOUNT, NOTE, KEY_VALUE, …). */
  @ApiPropertyOptional({
    example: {
      title: { id: 'operation.title', message: 'Confirm Payment' },
      greeting: { id: 'operation.greeting', message: null },
      summary: { id: 'operation.summary', message: null },
      parameters: [
        { type: 'AMOUNT', id: 'operation.amount', amount: 100, currency: 'CZK', currencyId: 'operation.currency' },
        { type: 'KEY_VALUE', id: 'operation.account', valueFormatType: 'ACCOUNT', value: '238400856/0300' },
      ],
    },
  })
  @IsOptional()
  @IsObject()
  formData?: Record<string, unknown> | null;
}
export class CreateOperationBody extends RequestEnvelope(CreateOperationRequest) {}

export class UpdateOperationRequest {
  @ApiProperty({ example: 'pay-1' })
  @IsString()
  @Length(1, 256)
  operationId: string;

  /** Absent keeps the operation's user. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'jnovak' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  userId?: string | null;

  @ApiProperty({ example: 'USER_ID_ASSIGN' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  authMethod: string;

  @IsIn(AUTH_STEP_RESULTS)
  authStepResult: AuthStepResult;

  /** For CANCELED: the reason (e.g. INCORRECT_DATA); absent means UNKNOWN. */
  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  @IsOptional()
  @IsString()
  @MaxLength(CANCEL_REASON_MAX_LENGTH)
  authStepResultDescription?: string | null;

  @ApiPropertyOptional({ type: () => KeyValueParameter, isArray: true, example: [{ key: 'channel', value: 'web' }] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => KeyValueParameter)
  params?: KeyValueParameter[];
}
export class UpdateOperationBody extends RequestEnvelope(UpdateOperationRequest) {}

export class OperationIdRequest {
  @ApiProperty({ example: 'pay-1' })
  @IsString()
  @Length(1, 256)
  operationId: string;
}
export class OperationIdBody extends RequestEnvelope(OperationIdRequest) {}

export class PendingOperationsRequest {
  @ApiProperty({ example: 'jnovak' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  userId: string;

  /** 0.21 clients: operations where this method was chosen. */
  @ApiPropertyOptional({ type: String, nullable: true, example: null })
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
  @ApiProperty({ example: 'pay-1' })
  @IsString()
  @Length(1, 256)
  operationId: string;

  @ApiProperty({ example: { userInput: { 'operation.bankAccountChoice': 'CZ4012340000000012345678' } } })
  @IsObject()
  formData: Record<string, unknown>;
}
export class UpdateFormDataBody extends RequestEnvelope(UpdateFormDataRequest) {}

export class ChosenAuthMethodRequest {
  @ApiProperty({ example: 'pay-1' })
  @IsString()
  @Length(1, 256)
  operationId: string;

  @ApiProperty({ example: 'SMS_KEY' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  chosenAuthMethod: string;
}
export class ChosenAuthMethodBody extends RequestEnvelope(ChosenAuthMethodRequest) {}

export class OperationConfigRequest {
  @ApiProperty({ example: 'authorize_payment' })
  @IsString()
  @Length(1, 64)
  operationName: string;
}
export class OperationConfigBody extends RequestEnvelope(OperationConfigRequest) {}
