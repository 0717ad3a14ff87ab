import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/columns';

/** The server's HMAC key when SERVER_KEY is not configured (embedded default). */
@Entity('server_key')
export class ServerKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  keyBase64: string;

  @DateTimeColumn()
  createdAt: Date;
}
