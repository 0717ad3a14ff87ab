import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { Omittable } from '@app/core';

const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

export class AuthenticationRequest {
  @ApiProperty({ example: 'jnovak' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'Correct-Horse-42', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'DEFAULT', default: 'DEFAULT' })
  @Omittable()
  @IsString()
  @MaxLength(64)
  organizationId?: string;
}

export class AuthenticationView {
  @ApiProperty() userId: string;
  @ApiProperty() username: string;
  @ApiProperty({ description: 'First-factor bearer token (30 minutes).' }) accessToken: string;
  @ApiProperty({ example: '2022-05-30 12:02:45' }) validTo: string;
  @ApiProperty() isTwoFactorAuthenticationRequired: boolean;
  @ApiProperty({ example: ['EMAIL', 'SMS', 'TOTP'] }) mfaDeliveryMethods: string[];
  @ApiProperty({ example: ['REQUEST_OTP', 'REQUEST_TOKEN_MFA'] }) permissions: string[];
}

export class DeliveryMethodDto {
  @ApiProperty({ enum: ['EMAIL', 'SMS', 'TOTP'] }) name: string;
  @ApiPropertyOptional({ example: 'j***@example.com' }) target?: string;
}

/** Parameters of an operation-bound code: flat JSON values the message shows. */
class OperationBindingFields {
  @ApiPropertyOptional({ example: 'submitTransfer', description: 'Binds the code to this operation.' })
  @Omittable()
  @IsString()
  @Matches(OPERATION_NAME)
  operation?: string;

  @ApiPropertyOptional({ example: { amount: 1500, beneficiaryRefId: 'B-17' }, type: Object })
  @ValidateIf((o: OperationBindingFields) => o.operation !== undefined || o.parameters !== undefined)
  @IsObject()
  parameters?: Record<string, string | number | boolean | null>;
}

export class RequestOtpRequest extends OperationBindingFields {
  @ApiProperty({
    enum: ['EMAIL', 'SMS'],
    example: 'EMAIL',
    required: false,
    description: 'Case-insensitive. Required, here or as the query parameter (the upstream form).',
  })
  @IsString()
  @IsIn(['EMAIL', 'SMS'])
  deliveryMethod: string;

  @ApiPropertyOptional({ example: false, default: false })
  @Omittable()
  @IsBoolean()
  extendedToken?: boolean;
}

export class LocalTimeDto {
  @ApiProperty({ type: 'integer', example: 11 }) hour: number;
  @ApiProperty({ type: 'integer', example: 37 }) minute: number;
  @ApiProperty({ type: 'integer', example: 45 }) second: number;
  @ApiProperty({ type: 'integer', example: 361585000 }) nano: number;
}

export class LocalDateTimeDto {
  @ApiProperty({ example: [2022, 5, 30], type: 'array', items: { type: 'integer' } }) date: number[];
  @ApiProperty({ type: LocalTimeDto }) time: LocalTimeDto;
}

export class OtpRequestedView {
  @ApiProperty({ type: LocalDateTimeDto }) expirationTime: LocalDateTimeDto;
  @ApiProperty({ type: LocalDateTimeDto }) requestTime: LocalDateTimeDto;
}

export class ValidateOtpRequest extends OperationBindingFields {
  @ApiPropertyOptional({
    enum: ['EMAIL', 'SMS', 'TOTP'],
    example: 'EMAIL',
    description: 'Case-insensitive. Absent (the upstream form): the channel of the live code requested last.',
  })
  @Omittable()
  @IsString()
  @IsIn(['EMAIL', 'SMS', 'TOTP'])
  deliveryMethod?: string;

  @ApiProperty({
    example: '29GZTK',
    required: false,
    description: 'The OTP or TOTP code. Required, here or as the query parameter (the upstream form).',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  token: string;
}

export class AccessTokenView {
  @ApiPropertyOptional({ example: 'c9ab5972e29f4575ab5e5413440772f6' }) token?: string;
  @ApiPropertyOptional({ description: 'Instead of token, for an operation-bound code: valid once, 5 minutes.' })
  operationToken?: string;
  @ApiProperty({ example: '2022-05-31 11:40:12' }) validTo: string;
  @ApiProperty({ example: '2022-05-30 11:40:12' }) validFrom: string;
}

export class TokenRequest {
  @ApiProperty({ example: 'c9ab5972e29f4575ab5e5413440772f6' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;
}

export class InvalidatedView {
  @ApiProperty() invalidated: boolean;
}

export class IntrospectionView {
  @ApiProperty() active: boolean;
  @ApiPropertyOptional() userId?: string;
  @ApiPropertyOptional({ example: '2022-05-30 11:40:12' }) validFrom?: string;
  @ApiPropertyOptional({ example: '2022-05-31 11:40:12' }) validTo?: string;
  @ApiPropertyOptional() extended?: boolean;
}

export class ConfigurationChangesView {
  @ApiProperty({ type: Object, example: { 'otp-token-live-time': 120 } }) changes: Record<string, unknown>;
}

export class TotpEnrolmentView {
  @ApiProperty({ description: 'Base32, 160 bits; shown in this answer only.' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/stepwise:jnovak?secret=…&issuer=stepwise&algorithm=SHA1&digits=6&period=30' })
  otpauthUri: string;
  @ApiProperty({ example: 'data:image/png;base64,iVBORw0…' }) qrCode: string;
}

export class TotpConfirmedView {
  @ApiProperty() active: boolean;
}

export class ProtectedOperationRequest {
  @ApiProperty({ example: 'submitTransfer' })
  @IsString()
  @Matches(OPERATION_NAME)
  operation: string;

  @ApiPropertyOptional({ example: 'amount > 1000.0 || beneficiaryRefId == null', description: 'CEL; empty = always.' })
  @Omittable()
  @IsString()
  @MaxLength(4000)
  expression?: string;

  @ApiPropertyOptional({ example: '$amount,$beneficiaryRefId' })
  @Omittable()
  @IsString()
  @MaxLength(500)
  expressionParam?: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  enable: boolean;
}

/** Every field may be left out; none may be null (optional is not nullable). */
export class UpdateProtectedOperationRequest extends PartialType(ProtectedOperationRequest, {
  skipNullProperties: false,
}) {}

export class ProtectedOperationDto {
  @ApiProperty({ type: 'integer', example: 1 }) id: number;
  @ApiProperty({ example: 'submitTransfer' }) operation: string;
  @ApiProperty() expression: string;
  @ApiProperty({ example: '$id' }) expressionParam: string;
  @ApiProperty() enable: boolean;
}

export class ProtectedOperationPage {
  @ApiProperty({ type: 'integer' }) totalFilteredRecords: number;
  @ApiProperty({ type: ProtectedOperationDto, isArray: true }) pageItems: ProtectedOperationDto[];
}

export class ResourceIdView {
  @ApiProperty({ type: 'integer', example: 1 }) resourceId: number;
}

export class OffsetQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  @ApiPropertyOptional({ type: 'integer', default: 0 })
  offset: number = 0;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  @ApiPropertyOptional({ type: 'integer', default: 50 })
  limit: number = 50;
}

export class EvaluateRequest {
  @ApiProperty({ example: 'submitTransfer' })
  @IsString()
  @Matches(OPERATION_NAME)
  operation: string;

  @ApiProperty({ example: '5f1c0e…' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  userId: string;

  @ApiProperty({ type: Object, example: { amount: 1500, beneficiaryRefId: 'B-17' } })
  @IsObject()
  parameters: Record<string, unknown>;

  @ApiPropertyOptional({
    example: '0f7c1d2e3a4b5c6d7e8f9a0b1c2d3e4f',
    description: 'From validate of an operation-bound code; consumed when it satisfies.',
  })
  @Omittable()
  @IsString()
  @MaxLength(200)
  operationToken?: string;
}

export class EvaluationView {
  @ApiProperty() otpRequired: boolean;
  @ApiProperty() satisfied: boolean;
  @ApiProperty({ type: 'array', items: { type: 'integer' } }) ruleIds: number[];
  @ApiPropertyOptional() bypassed?: boolean;
}
