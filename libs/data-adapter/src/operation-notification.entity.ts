import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/** A notification Web Flow sent about an operation: a form data change or the operation's end. */
@Entity('da_operation_notification')
@Index('idx_da_operation_notification_operation', ['operationId', 'createdAt'])
export class OperationNotification {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  notificationId: string;

  @Column({ type: 'varchar', length: 256 })
  operationId: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  operationName: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  organizationId: string | null;

  /** FORM_DATA_CHANGE or OPERATION_CHANGE. */
  @Column({ type: 'varchar', length: 32 })
  kind: 'FORM_DATA_CHANGE' | 'OPERATION_CHANGE';

  /** DONE / CANCELED / FAILED, or the form data change type (BANK_ACCOUNT_CHOICE …). */
  @Column({ type: 'varchar', length: 32 })
  change: string;

  /** bankAccountId / chosenAuthMethod of a form data change. */
  @JsonTextColumn()
  details: Record<string, string | null>;

  @DateTimeColumn()
  createdAt: Date;
}
