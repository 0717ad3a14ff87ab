import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the authentication-method catalogue (ns_auth_method). */
@Entity('ns_auth_method')
export class AuthMethodEntry {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  authMethod: string;

  @Column({ type: 'int' })
  orderNumber: number;

  /** Enabled-ness comes from the user's own setting (e.g. POWERAUTH_TOKEN after activation). */
  @Column({ type: 'boolean', default: false })
  checkUserPrefs: boolean;

  /** Enabled for a user who never set it (only with checkUserPrefs). */
  @Column({ type: 'boolean', default: false })
  userPrefsDefault: boolean;

  @Column({ type: 'boolean', default: false })
  checkAuthFails: boolean;

  @Column({ type: 'int', nullable: true })
  maxAuthFails: number | null;

  @Column({ type: 'boolean', default: false })
  hasUserInterface: boolean;

  @Column({ type: 'boolean', default: false })
  hasMobileToken: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  displayNameKey: string | null;
}
