import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';
import type { ApprovalMethodName, FlowMessages, FlowParameter } from './flow.types';

/** A transaction-approval flow (spec §3): read from the database on every step, never cached. */
@Entity('ta_flow')
export class TaFlow {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  flowId: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'varchar', length: 64 })
  organizationId: string;

  @Column({ type: 'varchar', length: 16 })
  method: ApprovalMethodName;

  @JsonTextColumn()
  parameters: FlowParameter[];

  @JsonTextColumn()
  messages: FlowMessages;

  @Column({ type: 'int' })
  maxWrongOtpChecks: number;

  @Column({ type: 'int' })
  maxOtpResends: number;

  @Column({ type: 'int' })
  resendDelaySeconds: number;

  @Column({ type: 'int' })
  otpLength: number;

  @Column({ type: 'int' })
  otpValiditySeconds: number;

  @Column({ type: 'int' })
  pushValiditySeconds: number;

  @Column({ type: 'boolean' })
  numberMatching: boolean;

  @Column({ type: 'boolean' })
  maskContact: boolean;

  @Column({ type: 'boolean' })
  approvalProof: boolean;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
