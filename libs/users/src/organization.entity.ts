import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/** A tenant of the user directory; usernames are unique within one. Seeded: DEFAULT, RETAIL. */
@Entity('organization')
export class Organization {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  organizationId: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  name: string;

  @DateTimeColumn()
  createdAt: Date;
}
