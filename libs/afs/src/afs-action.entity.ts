import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/** One executed AFS action with the request facts and the answer given. */
@Entity('afs_action')
@Index('idx_afs_action_operation', ['operationId', 'createdAt'])
export class AfsActionRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  actionId: string;

  @Column({ type: 'varchar', length: 256 })
  operationId: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  operationName: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  afsType: string;

  @Column({ type: 'int', nullable: true })
  stepIndex: number | null;

  @Column({ type: 'varchar', length: 256 })
  userId: string;

  @Column({ type: 'varchar', length: 256 })
  organizationId: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientIpAddress: string | null;

  @JsonTextColumn()
  authInstruments: string[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  authStepResult: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  operationTerminationReason: string | null;

  @JsonTextColumn()
  requestExtras: object;

  @Column({ type: 'boolean' })
  responseApplied: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  responseLabel: string | null;

  /** The rule that decided, null when the default answer was given. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  ruleId: string | null;

  @DateTimeColumn()
  createdAt: Date;
}
