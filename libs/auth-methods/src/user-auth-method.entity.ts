import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/** A user's own setting of one prefs-controlled method, with its configuration (e.g. activationId). */
@Entity('ns_user_auth_method')
export class UserAuthMethod {
  /** A free string: Next Step does not own a user directory. */
  @PrimaryColumn({ type: 'varchar', length: 256 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  authMethod: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @JsonTextColumn({ nullable: true })
  config: Record<string, string> | null;

  @DateTimeColumn()
  updatedAt: Date;
}
