import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

export interface RecordedConsentOption {
  id: string;
  value: 'CHECKED' | 'NOT_CHECKED' | null;
}

/** A consent the user gave: who, for which operation, which options, when. */
@Entity('consent_record')
@Index('idx_consent_record_operation', ['operationId'])
@Index('idx_consent_record_user', ['userId', 'createdAt'])
export class ConsentRecord {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  consentId: string;

  @Column({ type: 'varchar', length: 256 })
  userId: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  operationId: string | null;

  @Column({ type: 'varchar', length: 32 })
  operationName: string;

  @JsonTextColumn()
  options: RecordedConsentOption[];

  @DateTimeColumn()
  createdAt: Date;
}
