import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OperationRequest } from './common.dto';

export const OPERATION_CHANGES = ['DONE', 'CANCELED', 'FAILED'] as const;
export const FORM_DATA_CHANGE_TYPES = ['BANK_ACCOUNT_CHOICE', 'AUTH_METHOD_CHOICE'] as const;

export class DecorateOperationFormDataRequest extends OperationRequest {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'SMS_KEY' }) @IsOptional() @IsString() authMethod?:
    string | null;
}

export class DecorateOperationFormDataResponse {
  @ApiProperty({ type: Object }) formData: Record<string, unknown> | null;
}

export class FormDataChangeDto {
  @ApiProperty({ enum: FORM_DATA_CHANGE_TYPES }) @IsIn([...FORM_DATA_CHANGE_TYPES]) type: string;
  @ApiPropertyOptional({ example: 'CZ4012340000000012345678', type: String })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  bankAccountId?: string | null;
  @ApiPropertyOptional({ enum: ['POWERAUTH_TOKEN', 'SMS_KEY'] })
  @IsOptional()
  @IsIn(['POWERAUTH_TOKEN', 'SMS_KEY'])
  chosenAuthMethod?: string | null;
}

export class FormDataChangeNotificationRequest extends OperationRequest {
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FormDataChangeDto)
  formDataChange?: FormDataChangeDto | null;
}

export class OperationChangeNotificationRequest extends OperationRequest {
  @ApiPropertyOptional({ enum: OPERATION_CHANGES }) @IsOptional() @IsIn([...OPERATION_CHANGES]) operationChange?:
    string | null;
}
