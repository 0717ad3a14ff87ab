import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/** ACTIVE: verifiable; USED: authorized once (single use); REPLACED by a resend; INVALIDATED when the operation ended. */
export type SmsAuthorizationStatus = 'ACTIVE' | 'USED' | 'REPLACED' | 'INVALIDATED';

/**
 * One SMS authorization code. Neither the code nor the message text is stored: only keyed
 * hashes of the code and of the operation data it was issued for (dynamic linking).
 */
@Entity('otp_sms_authorization')
@Index('idx_otp_sms_authorization_operation', ['operationId', 'createdAt'])
export class SmsAuthorization {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  messageId: string;

  @Column({ type: 'varchar', length: 256 })
  operationId: string;

  @Column({ type: 'varchar', length: 256 })
  userId: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  organizationId: string | null;

  @Column({ type: 'varchar', length: 32 })
  operationName: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 64 })
  bindingHash: string;

  @Column({ type: 'int', default: 0 })
  verifyRequestCount: number;

  /** The code was entered correctly at least once (the password of a 2FA step may still have failed). */
  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ type: 'varchar', length: 16 })
  status: SmsAuthorizationStatus;

  /** 0 for the first code of the operation, n for the n-th resend. */
  @Column({ type: 'int' })
  sendSequence: number;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true })
  verifiedAt: Date | null;
}
