import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';
import type { OperationFormData } from '@app/form-data';
import type { AuthResult } from './step-resolution/enums';

/** A Next Step operation (ns_operation): its latest result and sliding expiry. */
@Entity('ns_operation')
@Index('ns_operation_pending', ['userId', 'result', 'timestampExpires'])
@Index('ns_operation_expiring', ['result', 'timestampExpires'])
export class Operation {
  @PrimaryColumn({ type: 'varchar', length: 256 })
  operationId: string;

  @Column({ type: 'varchar', length: 64 })
  operationName: string;

  /** The signing data string (A1*A100CZK*…), stored verbatim after validation. */
  @Column({ type: 'text', nullable: true })
  operationData: string | null;

  /** OperationFormData as JSON (null when the creator sent none). */
  @JsonTextColumn({ nullable: true })
  formData: OperationFormData | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 16 })
  result: AuthResult;

  @DateTimeColumn()
  timestampCreated: Date;

  @DateTimeColumn()
  timestampExpires: Date;
}
