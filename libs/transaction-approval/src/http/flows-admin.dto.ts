import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { APPROVAL_METHODS, type ApprovalMethodName, PARAMETER_KINDS, type ParameterKind } from '../flows/flow.types';

export class FlowParameterDto {
  @ApiProperty({ example: 'amount' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiProperty({ enum: PARAMETER_KINDS, example: 'AMOUNT' })
  @IsIn(PARAMETER_KINDS)
  kind: ParameterKind;

  @ApiProperty({ example: true })
  @IsBoolean()
  required: boolean;

  @ApiProperty({ example: true, description: 'Bound to the code and never shortened (dynamic linking).' })
  @IsBoolean()
  linked: boolean;
}

/** A flow as admins write it; settings left out get the defaults of spec §3. */
export class CreateFlowRequest {
  @ApiProperty({ example: 'emailotp-ta-flow' })
  @IsString()
  @Length(1, 64)
  flowId: string;

  @ApiProperty({ enum: APPROVAL_METHODS, example: 'EMAIL_OTP' })
  @IsIn(APPROVAL_METHODS)
  method: ApprovalMethodName;

  @ApiProperty({ type: [FlowParameterDto] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(20)
  @Type(() => FlowParameterDto)
  parameters: FlowParameterDto[];

  @ApiProperty({
    description: 'Messages by language, then by `type` parameter value (`default` otherwise): {subject?, text}.',
    example: {
      en: {
        default: { subject: 'Please confirm', text: 'Pay ${amount} ${currency} to ${accountNumber}? Code: ${TOKEN}' },
      },
    },
  })
  @IsObject()
  messages: Record<string, Record<string, { subject?: string; text: string }>>;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'RETAIL' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  organizationId?: string;

  @ApiPropertyOptional({ type: 'integer', example: 2, description: 'Tries per code minus one.' })
  @IsOptional()
  @IsInt()
  maxWrongOtpChecks?: number;

  @ApiPropertyOptional({ type: 'integer', example: 3 })
  @IsOptional()
  @IsInt()
  maxOtpResends?: number;

  @ApiPropertyOptional({ type: 'integer', example: 30 })
  @IsOptional()
  @IsInt()
  resendDelaySeconds?: number;

  @ApiPropertyOptional({ type: 'integer', example: 6, minimum: 6, maximum: 10 })
  @IsOptional()
  @IsInt()
  otpLength?: number;

  @ApiPropertyOptional({ type: 'integer', example: 300, minimum: 60, maximum: 600 })
  @IsOptional()
  @IsInt()
  otpValiditySeconds?: number;

  @ApiPropertyOptional({ type: 'integer', example: 120 })
  @IsOptional()
  @IsInt()
  pushValiditySeconds?: number;

  @ApiPropertyOptional({ example: true, description: 'PUSH: a 2-digit number to match (default on for PUSH flows).' })
  @IsOptional()
  @IsBoolean()
  numberMatching?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  maskContact?: boolean;

  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  approvalProof?: boolean;
}

export class ReplaceFlowRequest extends OmitType(CreateFlowRequest, ['flowId'] as const) {}

export class FlowAdminView extends CreateFlowRequest {
  @ApiProperty()
  declare enabled: boolean;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}
