import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';

/**
 * Row "default": the server's HMAC key when SERVER_KEY is not configured (embedded default).
 * Row "check": the key check value of the key in use (never the key itself), see server-key.provider.
 */
@Entity('server_key')
export class ServerKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  keyBase64: string;

  @DateTimeColumn()
  createdAt: Date;
}
