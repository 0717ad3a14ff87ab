import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ACCOUNT_STATUSES, AuthenticationContextDto, OperationRequest } from './common.dto';

export class CreateSmsAuthorizationRequest extends OperationRequest {
  @ApiPropertyOptional({ type: String, enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn([...ACCOUNT_STATUSES])
  accountStatus?: string | null;

  @ApiPropertyOptional({ type: String, example: 'en' })
  @IsOptional()
  @IsString()
  lang?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  resend?: boolean | null;

  @ApiPropertyOptional({ example: 'SMS_KEY', type: String, nullable: true })
  @IsOptional()
  @IsString()
  authMethod?: string | null;
}

export class VerifySmsAuthorizationRequest extends OperationRequest {
  @ApiPropertyOptional({ example: 'ACTIVE', type: String, nullable: true })
  @IsOptional()
  @IsIn([...ACCOUNT_STATUSES])
  accountStatus?: string | null;

  @ApiPropertyOptional({ type: String, example: '617178ab-f315-4223-a602-9d4893b4f99f' })
  @IsOptional()
  @IsString()
  messageId?: string | null;

  @ApiPropertyOptional({ type: String, example: '77038183' })
  @IsOptional()
  @IsString()
  authorizationCode?: string | null;
}

export class VerifySmsAndPasswordRequest extends VerifySmsAuthorizationRequest {
  @ApiPropertyOptional({ example: 'Correct-Horse-42', type: String, nullable: true })
  @IsOptional()
  @IsString()
  password?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationContextDto)
  authenticationContext?: AuthenticationContextDto | null;
}

export class CreateSmsAuthorizationResponse {
  @ApiProperty() messageId: string;
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED'] }) smsDeliveryResult: 'SUCCEEDED' | 'FAILED';
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
}

export class VerifySmsAuthorizationResponse {
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED', 'SKIPPED'] }) smsAuthorizationResult: string;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) remainingAttempts: number | null;
  @ApiProperty() showRemainingAttempts: boolean;
}

export class VerifySmsAndPasswordResponse {
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED', 'SKIPPED'] }) smsAuthorizationResult: string;
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED', 'SKIPPED'] }) userAuthenticationResult: string;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) remainingAttempts: number | null;
  @ApiProperty() showRemainingAttempts: boolean;
  @ApiProperty({ enum: ACCOUNT_STATUSES, nullable: true }) accountStatus: string | null;
}
