import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OperationRequest } from './common.dto';

export const AFS_ACTIONS = ['LOGIN_INIT', 'LOGIN_AUTH', 'LOGOUT', 'APPROVAL_INIT', 'APPROVAL_AUTH'] as const;
const AUTH_INSTRUMENTS = ['PASSWORD', 'SMS_KEY', 'POWERAUTH_TOKEN', 'HW_TOKEN', 'CREDENTIAL', 'OTP_KEY'];

export class AfsRequestParametersDto {
  @ApiPropertyOptional({ type: String, enum: ['THREAT_MARK'] }) @IsOptional() @IsIn(['THREAT_MARK']) afsType?:
    string | null;
  @ApiPropertyOptional({ enum: AFS_ACTIONS }) @IsOptional() @IsIn([...AFS_ACTIONS]) afsAction?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '192.0.2.10' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  clientIpAddress?: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true, example: 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  stepIndex?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'jan.novak' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  username?: string | null;
  @ApiPropertyOptional({ type: String, isArray: true, enum: AUTH_INSTRUMENTS, nullable: true, example: ['PASSWORD'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn(AUTH_INSTRUMENTS, { each: true })
  authInstruments?: string[] | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['CONFIRMED', 'CANCELED', 'AUTH_FAILED', 'AUTH_METHOD_FAILED'],
    example: 'CONFIRMED',
  })
  @IsOptional()
  @IsIn(['CONFIRMED', 'CANCELED', 'AUTH_FAILED', 'AUTH_METHOD_FAILED'])
  authStepResult?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    enum: ['DONE', 'FAILED', 'TIMED_OUT', 'INTERRUPTED'],
    example: null,
  })
  @IsOptional()
  @IsIn(['DONE', 'FAILED', 'TIMED_OUT', 'INTERRUPTED'])
  operationTerminationReason?: string | null;
}

export class AfsRequest extends OperationRequest {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AfsRequestParametersDto)
  afsRequestParameters?: AfsRequestParametersDto | null;

  @ApiPropertyOptional({ type: Object, example: {} }) @IsOptional() @IsObject() extras?: Record<string, unknown> | null;
}

export class AuthStepOptionsDto {
  @ApiProperty() smsOtpRequired: boolean;
  @ApiProperty() passwordRequired: boolean;
}

export class AfsResponse {
  @ApiProperty() afsResponseApplied: boolean;
  @ApiProperty({ nullable: true, type: String }) afsLabel: string | null;
  @ApiProperty({ type: AuthStepOptionsDto }) authStepOptions: AuthStepOptionsDto;
  @ApiProperty({ type: Object }) extras: Record<string, unknown>;
}
