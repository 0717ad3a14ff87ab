import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';

/** Who runs a scheduled job right now; a lease expires so a crashed holder cannot block it. */
@Entity('job_lease')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 100 })
  owner: string;

  @DateTimeColumn()
  leasedUntil: Date;
}
