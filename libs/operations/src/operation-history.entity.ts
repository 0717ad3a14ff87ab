import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';
import type { AuthResult, AuthStepResult } from './step-resolution/enums';
import { Operation } from './operation.entity';

export interface StoredStep {
  authMethod: string;
  params: Array<{ key: string; value: string }>;
}

/** Size of responseResultDescription (`canceled.<reason>`, `operation.timeout`, …). */
export const RESULT_DESCRIPTION_LENGTH = 256;
/** Prefix of a cancel's result description; the reason the client sends follows it. */
export const CANCEL_PREFIX = 'canceled.';
/** Longest cancel reason a client may send: prefixed, it still fits the column. */
export const CANCEL_REASON_MAX_LENGTH = RESULT_DESCRIPTION_LENGTH - CANCEL_PREFIX.length;

/**
 * One step of an operation (ns_operation_history). (operationId, resultId) is the key, so two
 * writers can never both append sequence n; resultId runs 1..n without gaps.
 */
@Entity('ns_operation_history')
export class OperationHistory {
  @PrimaryColumn({ type: 'varchar', length: 256 })
  operationId: string;

  @PrimaryColumn({ type: 'int' })
  resultId: number;

  @ManyToOne(() => Operation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'operationId' })
  operation?: Operation;

  /** The operation's user after this step (null until one is known): who each step was confirmed for. */
  @Column({ type: 'varchar', length: 256, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 32 })
  requestAuthMethod: string;

  /** After rewrites (AUTH_FAILED → AUTH_METHOD_FAILED at the limit, anything → AUTH_METHOD_FAILED on timeout). */
  @Column({ type: 'varchar', length: 32 })
  requestAuthStepResult: AuthStepResult;

  @JsonTextColumn()
  requestParams: Array<{ key: string; value: string }>;

  @Column({ type: 'varchar', length: 16 })
  responseResult: AuthResult;

  @Column({ type: 'varchar', length: RESULT_DESCRIPTION_LENGTH, nullable: true })
  responseResultDescription: string | null;

  /** The operation's current steps after this row; the source of step-order checks. */
  @JsonTextColumn()
  responseSteps: StoredStep[];

  @DateTimeColumn()
  responseTimestampCreated: Date;

  @DateTimeColumn()
  responseTimestampExpires: Date;

  /** Set by PUT /operation/chosenAuthMethod on the latest row. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  chosenAuthMethod: string | null;
}
