import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { INT_COLUMN_MAX, Omittable, PageQuery } from '@app/core';
import { AUTH_RESULTS, AUTH_STEP_RESULTS, OPERATION_REQUEST_TYPES } from '@app/operations';
import type { AuthResult, AuthStepResult, OperationRequestType } from '@app/operations';

const NAME = /^[A-Za-z0-9_.-]+$/;

export class StepDefinitionQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  operationName?: string;
}

export class CreateStepDefinitionRequest {
  @ApiProperty({ example: 'authorize_payment' })
  @IsString()
  @Length(2, 64)
  @Matches(NAME)
  operationName: string;

  @IsIn(OPERATION_REQUEST_TYPES)
  operationType: OperationRequestType;

  /** Null for CREATE rows. */
  @ApiPropertyOptional({ example: 'USERNAME_PASSWORD_AUTH', type: String, nullable: true, default: null })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(32)
  requestAuthMethod: string | null = null;

  @ApiPropertyOptional({ enum: AUTH_STEP_RESULTS, nullable: true, default: null })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsIn(AUTH_STEP_RESULTS)
  requestAuthStepResult: AuthStepResult | null = null;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  @ApiProperty({ example: 1, type: 'integer' })
  responsePriority: number;

  /** Null: no further step. */
  @ApiPropertyOptional({ example: 'SMS_KEY', type: String, nullable: true, default: null })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsString()
  @MaxLength(32)
  responseAuthMethod: string | null = null;

  @IsIn(AUTH_RESULTS)
  responseResult: AuthResult;
}

export class StepDefinitionView {
  @ApiProperty({ type: 'integer' })
  stepDefinitionId: number;
  operationName: string;
  operationType: string;
  requestAuthMethod: string | null;
  requestAuthStepResult: string | null;
  @ApiProperty({ type: 'integer' })
  responsePriority: number;
  responseAuthMethod: string | null;
  responseResult: string;
}

export class SaveOperationConfigRequest {
  @ApiProperty({ example: 'A' })
  @IsString()
  @Matches(/^[A-Z]$/)
  templateVersion: string;

  @IsInt()
  @Min(0)
  @Max(99)
  @ApiProperty({ example: 1, type: 'integer' })
  templateId: number;

  @IsBoolean()
  mobileTokenEnabled: boolean;

  @ApiProperty({ example: '{"type":"2FA","variants":["possession_knowledge"]}' })
  @IsString()
  @MaxLength(256)
  mobileTokenMode: string;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @Omittable()
  @IsBoolean()
  afsEnabled: boolean = false;

  @ApiPropertyOptional({ example: null, type: String, nullable: true, default: null })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  afsConfigId: string | null = null;

  /** Overrides OPERATION_EXPIRATION_SECONDS; null uses it. */
  @ApiPropertyOptional({ example: 600, type: 'integer', nullable: true, default: null })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 24 * 3600)
  expirationSeconds: number | null = null;
}

/** An operation configuration as the admin API answers it. */
export class OperationConfigView {
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

export class SaveAuthMethodRequest {
  @IsInt()
  @Min(0)
  @Max(INT_COLUMN_MAX)
  @ApiProperty({ example: 3, type: 'integer' })
  orderNumber: number;

  @IsBoolean()
  checkUserPrefs: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @Omittable()
  @IsBoolean()
  userPrefsDefault: boolean = false;

  @IsBoolean()
  checkAuthFails: boolean;

  @ApiPropertyOptional({ example: 5, type: 'integer', nullable: true, default: null })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  maxAuthFails: number | null = null;

  @IsBoolean()
  hasUserInterface: boolean;

  @ApiPropertyOptional({ type: Boolean, default: false })
  @Omittable()
  @IsBoolean()
  hasMobileToken: boolean = false;

  @ApiPropertyOptional({ example: 'method.smsKey', type: String, nullable: true, default: null })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  displayNameKey: string | null = null;
}

/** A catalogue entry as the admin API answers it. */
export class AuthMethodEntryView {
  authMethod: string;
  @ApiProperty({ type: 'integer' })
  orderNumber: number;
  checkUserPrefs: boolean;
  userPrefsDefault: boolean;
  checkAuthFails: boolean;
  @ApiProperty({ type: 'integer' })
  maxAuthFails: number | null;
  hasUserInterface: boolean;
  hasMobileToken: boolean;
  displayNameKey: string | null;
}
