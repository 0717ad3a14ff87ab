import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';
import type { RuleCondition } from './rule-condition';

/** What a matching rule answers to the AFS request. */
export interface AfsOutcome {
  afsResponseApplied: boolean;
  afsLabel: string | null;
  smsOtpRequired: boolean;
  passwordRequired: boolean;
}

/** One anti-fraud rule: data, checked on write and evaluated by the safe evaluator. Lowest priority first. */
@Entity('afs_rule')
export class AfsRule {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  ruleId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'int' })
  priority: number;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @JsonTextColumn()
  condition: RuleCondition;

  @JsonTextColumn()
  outcome: AfsOutcome;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
