import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
  ArrayMaxSize,
} from 'class-validator';
import { OperationRequest, DaRequiredText } from './common.dto';

const OPTION_VALUES = ['CHECKED', 'NOT_CHECKED'] as const;

export class ConsentOptionDto {
  @ApiProperty({ type: String, example: 'CONSENT_INIT' }) @IsOptional() @IsString() @MaxLength(256) id?: string | null;
  @ApiPropertyOptional({ example: null, type: String }) @IsOptional() @IsString() descriptionHtml?: string | null;
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @IsBoolean() required?: boolean | null;
  @ApiPropertyOptional({ type: String, enum: OPTION_VALUES }) @IsOptional() @IsIn([...OPTION_VALUES]) defaultValue?:
    string | null;
  @ApiPropertyOptional({ enum: OPTION_VALUES, nullable: true }) @IsOptional() @IsIn([...OPTION_VALUES]) value?:
    string | null;
}

/** The consent operations require `userId` (consent.invalidRequest), checked by the DA validators. */
export class ConsentRequest extends OperationRequest {
  @DaRequiredText('user1234', 'consent.invalidRequest')
  declare userId: string | null;
}

export class InitConsentFormRequest extends ConsentRequest {}

export class CreateConsentFormRequest extends ConsentRequest {
  @DaRequiredText('en', 'consent.invalidRequest')
  lang?: string | null;
}

export class ValidateConsentFormRequest extends CreateConsentFormRequest {
  @ApiProperty({
    type: () => ConsentOptionDto,
    isArray: true,
    required: true,
    description: 'Required (consent.invalidRequest).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConsentOptionDto)
  options?: ConsentOptionDto[] | null;
}

export class SaveConsentFormRequest extends ConsentRequest {
  @ApiProperty({
    type: () => ConsentOptionDto,
    isArray: true,
    required: true,
    description: 'Required (consent.invalidRequest).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConsentOptionDto)
  options?: ConsentOptionDto[] | null;
}

export class ConsentOptionResponse {
  @ApiProperty() id: string;
  @ApiProperty() descriptionHtml: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ enum: OPTION_VALUES }) defaultValue: string;
  @ApiProperty({ enum: OPTION_VALUES, nullable: true, type: String }) value: string | null;
}

export class CreateConsentFormResponse {
  @ApiProperty() consentHtml: string;
  @ApiProperty({ type: [ConsentOptionResponse] }) options: ConsentOptionResponse[];
}

/** `shouldDisplayConsentForm` (the DA model); the form itself too, as in the API reference's example. */
export class InitConsentFormResponse {
  @ApiProperty() shouldDisplayConsentForm: boolean;
  @ApiPropertyOptional() consentHtml?: string;
  @ApiPropertyOptional({ type: [ConsentOptionResponse] }) options?: ConsentOptionResponse[];
}

export class ConsentOptionValidationResult {
  @ApiProperty() id: string;
  @ApiProperty() validationPassed: boolean;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
}

export class ValidateConsentFormResponse {
  @ApiProperty() consentValidationPassed: boolean;
  @ApiProperty({ nullable: true, type: String }) validationErrorMessage: string | null;
  @ApiProperty({ type: [ConsentOptionValidationResult] }) optionValidationResults: ConsentOptionValidationResult[];
}

export class SaveConsentFormResponse {
  @ApiProperty() saveSucceeded: boolean;
}
