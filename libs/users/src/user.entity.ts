import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';
import type { AccountStatus } from './user.view';

/** One person in the user directory (table name avoids the reserved word USER). */
@Entity('user_identity')
@Index('UQ_user_identity_org_username', ['organizationId', 'username'], { unique: true })
export class UserIdentity {
  /** At most 30 characters: the Data Adapter 0.23 validates userId length 30. */
  @PrimaryColumn({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 64 })
  organizationId: string;

  @Column({ type: 'varchar', length: 100 })
  givenName: string;

  @Column({ type: 'varchar', length: 100 })
  familyName: string;

  @Column({ type: 'varchar', length: 16 })
  accountStatus: AccountStatus;

  /** argon2id encoded hash (salt and parameters inside). */
  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  /** E.164, e.g. +420777123456. */
  @Column({ type: 'varchar', length: 16, nullable: true, default: null })
  phoneNumber: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true, default: null })
  email: string | null;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  /** Consecutive failed authentications (password or any other factor, see UserFailures) since the last success or lock. */
  @Column({ type: 'int', default: 0 })
  failedAttempts: number;

  @DateTimeColumn({ nullable: true, default: null })
  lockedUntil: Date | null;

  /**
   * Raised whenever what the user's tokens stand for changes (password, block, roles). Tokens
   * carry the value they were issued with; a different value here revokes them everywhere at once.
   */
  @Column({ type: 'int', default: 0 })
  credentialsVersion: number;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
