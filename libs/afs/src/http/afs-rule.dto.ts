import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '@app/core';
import type { AfsOutcome } from '../afs-rule.entity';
import type { AfsRuleRecord } from '../afs.service';

export class AfsOutcomeDto implements AfsOutcome {
  @ApiProperty() @IsBoolean() afsResponseApplied: boolean;
  @ApiProperty({ nullable: true, type: String, example: '1FA' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  afsLabel: string | null = null;
  @ApiProperty() @IsBoolean() smsOtpRequired: boolean;
  @ApiProperty() @IsBoolean() passwordRequired: boolean;
}

export class AfsRuleRequest {
  @ApiProperty({ example: 'Small CZK payments: SMS only' }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ type: 'integer', example: 10, description: 'Lower runs first; the first matching rule decides.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  priority: number;
  @ApiPropertyOptional({ default: true }) @Omittable() @IsBoolean() enabled: boolean = true;
  @ApiProperty({
    description:
      'Condition as data: {"all"|"any":[…]}, {"not":…} or {"fact","op","value"}; facts: action, afsType, operationName, amount, currency, userId, organizationId, stepIndex, authStepResult, operationTerminationReason, clientIpAddress, username; ops: eq, ne, lt, lte, gt, gte, in, notIn, exists, missing.',
    example: {
      all: [
        { fact: 'action', op: 'eq', value: 'APPROVAL_INIT' },
        { fact: 'amount', op: 'lt', value: 500 },
      ],
    },
  })
  @IsDefined()
  @IsObject()
  condition: Record<string, unknown>;
  @ApiProperty({ type: AfsOutcomeDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => AfsOutcomeDto)
  outcome: AfsOutcomeDto;
}

export class AfsRuleResponse {
  @ApiProperty() ruleId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer' }) priority: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: Object }) condition: unknown;
  @ApiProperty({ type: AfsOutcomeDto }) outcome: AfsOutcome;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(rule: AfsRuleRecord): AfsRuleResponse {
    return {
      ruleId: rule.ruleId,
      name: rule.name,
      priority: rule.priority,
      enabled: rule.enabled,
      condition: rule.condition,
      outcome: rule.outcome,
      createdAt: rule.createdAt.toISOString(),
      updatedAt: rule.updatedAt.toISOString(),
    };
  }
}
