import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';
import type { ApiScope } from './api-scope';

/** A machine caller (the bank's back end, Web Flow) authenticating with HTTP Basic. */
@Entity('api_client')
export class ApiClient {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  clientId: string;

  /** Keyed hash of the secret (KeyedHasher, purpose "api-client-secret"). */
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  @Column({ type: 'simple-array' })
  scopes: ApiScope[];

  @Column({ type: 'varchar', length: 255, default: '' })
  description: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
