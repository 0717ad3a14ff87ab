import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';

/** A first-factor bearer token of a back-office user (keyed hash only; 30 minutes). */
@Entity('tf_user_session')
@Index('IDX_tf_user_session_user', ['userId'])
export class UserSession {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  /** The user's credentialsVersion when issued; a different current value revokes it. */
  @Column({ type: 'int' })
  credentialsVersion: number;

  @DateTimeColumn()
  issuedAt: Date;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  revokedAt: Date | null;
}

/** The two-factor access token answered by validate (header Fineract-Platform-TFA-Token). */
@Entity('tf_access_token')
@Index('IDX_tf_access_token_user', ['userId'])
export class TwoFactorAccessToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'int' })
  credentialsVersion: number;

  @Column({ type: 'boolean' })
  extended: boolean;

  @DateTimeColumn()
  validFrom: Date;

  @DateTimeColumn()
  validTo: Date;

  @DateTimeColumn({ nullable: true, default: null })
  revokedAt: Date | null;

  /**
   * Where it was issued (fineract-twofactor.md §5.10): the first-factor session (its tokenHash),
   * the caller's IP and user agent. Recorded, not enforced: the token outlives its 30-minute
   * session by design (24 h); it is accepted only with a session of the same user.
   */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  sessionTokenHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  ip: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  userAgent: string | null;
}

/**
 * What the /v1 API keeps about a requested OTP beside the challenge library's challenge (which
 * holds the code's keyed hash, tries and lifetime): the request's options, and the sliding
 * window of the per-user hourly request limit.
 */
@Entity('tf_otp_request')
@Index('IDX_tf_otp_request_user_requested', ['userId', 'requestedAt'])
export class TwoFactorOtpRequest {
  /** The challenge's id. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  challengeId: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'varchar', length: 8 })
  deliveryMethod: 'EMAIL' | 'SMS';

  /** The operation an operation-bound code is for (null: a login code). */
  @Column({ type: 'varchar', length: 100, nullable: true, default: null })
  operation: string | null;

  @Column({ type: 'boolean' })
  extendedToken: boolean;

  @DateTimeColumn()
  requestedAt: Date;
}

export type TotpStatus = 'PENDING' | 'ACTIVE';

/** A user's TOTP authenticator: the secret sealed (AES-256-GCM), the last accepted time step. */
@Entity('tf_totp_factor')
export class TotpFactor {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'varchar', length: 255 })
  sealedSecret: string;

  @Column({ type: 'varchar', length: 10 })
  status: TotpStatus;

  /** RFC 6238 §5.2: a code of this step or earlier is a replay. */
  @Column({ type: 'int', nullable: true, default: null })
  lastAcceptedStep: number | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  confirmedAt: Date | null;
}

/** An operation of the bank's services that needs an OTP when its CEL condition holds. */
@Entity('tf_protected_operation')
@Index('IDX_tf_protected_operation_operation', ['operation'])
export class ProtectedOperation {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  operation: string;

  /** CEL; empty means "always". */
  @Column({ type: 'varchar', length: 1000, default: '' })
  expression: string;

  /** Comma-separated parameter names, `$` optional, as the upstream writes them. */
  @Column({ type: 'varchar', length: 500, default: '' })
  expressionParam: string;

  @Column({ type: 'boolean' })
  enable: boolean;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}

/** A single-use token for one operation with exactly the parameter values the user saw. */
@Entity('tf_operation_token')
export class OperationToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  operation: string;

  @Column({ type: 'varchar', length: 64 })
  bindingHash: string;

  @DateTimeColumn()
  expiresAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  usedAt: Date | null;
}

/** A stored two-factor setting (the upstream's configuration keys); absent rows use the defaults. */
@Entity('tf_setting')
export class TwoFactorSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 1024 })
  value: string;

  @DateTimeColumn()
  updatedAt: Date;
}

export const TWOFACTOR_ENTITIES = [
  UserSession,
  TwoFactorAccessToken,
  TwoFactorOtpRequest,
  TotpFactor,
  ProtectedOperation,
  OperationToken,
  TwoFactorSetting,
];
