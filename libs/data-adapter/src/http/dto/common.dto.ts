import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { shownValueProblem } from '@app/form-data';

/**
 * The form data's amounts, currencies and accounts follow the form-data rules (they end up in the
 * SMS text and the code's binding); everything else passes through as sent.
 */
function HasValidShownValues() {
  return ValidateBy({
    name: 'shownValues',
    validator: {
      validate: (value: unknown) => shownValueProblem(value) === null,
      defaultMessage: (args) => {
        const problem = shownValueProblem(args?.value);
        return problem ? `formData.${problem.path} ${problem.problem}` : 'formData is invalid';
      },
    },
  });
}

export const ACCOUNT_STATUSES = ['ACTIVE', 'NOT_ACTIVE'] as const;
export type DaAccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Web Flow's operation: id, name, operation data string, form data and the OAuth application. */
export class OperationContextDto {
  @ApiPropertyOptional({ type: String, example: '371526cc-5dee-414e-8418-5ee1c5ef2d67' })
  @IsOptional()
  @IsString()
  id?: string | null;

  @ApiPropertyOptional({ type: String, example: 'authorize_payment' })
  @IsOptional()
  @IsString()
  name?: string | null;

  @ApiPropertyOptional({
    type: String,
    example: 'A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill Payment - 05/2019',
  })
  @IsOptional()
  @IsString()
  data?: string | null;

  /** Kept as sent (polymorphic attributes); decorate returns it with the bank account choice added. */
  @ApiPropertyOptional({
    example: {
      parameters: [
        { type: 'AMOUNT', id: 'operation.amount', amount: 100, currency: 'CZK' },
        { type: 'KEY_VALUE', id: 'operation.account', value: '238400856/0300' },
      ],
    },
    type: Object,
  })
  @IsOptional()
  @IsObject()
  @HasValidShownValues()
  formData?: Record<string, unknown> | null;

  @ApiPropertyOptional({ example: null, type: Object })
  @IsOptional()
  @IsObject()
  applicationContext?: Record<string, unknown> | null;

  @ApiPropertyOptional({ example: null, type: String })
  @IsOptional()
  @IsString()
  externalTransactionId?: string | null;
}

/** The parts of FormData the adapter reads; everything else passes through untouched. */
export interface FormDataJson {
  config?: Array<{ id?: unknown; enabled?: unknown; defaultValue?: unknown }> | null;
  parameters?: Array<Record<string, unknown> | null> | null;
  userInput?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export class AuthenticationContextDto {
  @ApiPropertyOptional({ type: String, enum: ['NO_PROTECTION', 'PASSWORD_ENCRYPTION_AES'] })
  @IsOptional()
  @IsString()
  passwordProtection?: string | null;

  @ApiPropertyOptional({ type: String, example: 'AES/CBC/PKCS7Padding' })
  @IsOptional()
  @IsString()
  cipherTransformation?: string | null;

  /** Sent by Web Flow (null in the seed); not used by the adapter, but only its values are taken. */
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['SUCCEEDED', 'FAILED', 'SKIPPED'] })
  @IsOptional()
  @IsIn(['SUCCEEDED', 'FAILED', 'SKIPPED'])
  smsAuthorizationResult?: string | null;
}

/**
 * A text field an operation requires, checked by the DA validators (which answer its absence in
 * the adapter's own format, so class-validator lets it through): documented as required.
 */
export const DaRequiredText = (example: string, validationCode: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      type: String,
      required: true,
      nullable: false,
      example,
      description: `Required (${validationCode}).`,
    }),
    IsOptional(),
    IsString(),
  );

/** Fields every user-bound DA request carries. */
export class UserBoundRequest {
  @ApiPropertyOptional({ example: 'jnovak', type: String, nullable: true })
  @IsOptional()
  @IsString()
  userId?: string | null;

  @ApiPropertyOptional({ example: 'RETAIL', type: String, nullable: true })
  @IsOptional()
  @IsString()
  organizationId?: string | null;
}

export class OperationRequest extends UserBoundRequest {
  /** Required: without it every operation answers 400 (operationContext.missing). Checked by the DA validators, in the sample adapter's order. */
  @ApiProperty({ type: () => OperationContextDto, required: true })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OperationContextDto)
  operationContext?: OperationContextDto | null;
}
