import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Configuration of an operation name (ns_operation_config). */
@Entity('ns_operation_config')
export class OperationConfig {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  operationName: string;

  /** Operation-data version letter (A). */
  @Column({ type: 'varchar', length: 1 })
  templateVersion: string;

  @Column({ type: 'int' })
  templateId: number;

  /** Whether POWERAUTH_TOKEN may be offered for this operation (user still needs an activation). */
  @Column({ type: 'boolean', default: false })
  mobileTokenEnabled: boolean;

  /** JSON such as {"type":"2FA","variants":[…]}, passed through to the mobile token. */
  @Column({ type: 'varchar', length: 256 })
  mobileTokenMode: string;

  @Column({ type: 'boolean', default: false })
  afsEnabled: boolean;

  @Column({ type: 'varchar', length: 256, nullable: true })
  afsConfigId: string | null;

  /** Overrides OPERATION_EXPIRATION_SECONDS for this operation name. */
  @Column({ type: 'int', nullable: true })
  expirationSeconds: number | null;
}
