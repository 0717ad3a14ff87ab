import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/** PENDING: enrolled, waiting for the app to activate it; ACTIVE: receives approvals; REVOKED: never again. */
export type DeviceStatus = 'PENDING' | 'ACTIVE' | 'REVOKED';

/** The public half of the device's EC P-256 key, as the app sent it (private parts refused). */
export interface DevicePublicKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/**
 * A user's mobile device for push approval and offline codes. Nothing that lets someone act as
 * the device is stored in clear: the activation code and the device token are keyed hashes,
 * the OCRA secret is sealed (SecretBox).
 */
@Entity('device')
@Index('IDX_device_user', ['userId', 'status'])
@Index('UQ_device_activation_code', ['activationCodeHash'], { unique: true })
@Index('UQ_device_token', ['tokenHash'], { unique: true })
export class Device {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  deviceId: string;

  @Column({ type: 'varchar', length: 30 })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeviceStatus;

  /** Keyed hash of the single-use activation code; null once used or revoked. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  activationCodeHash: string | null;

  @DateTimeColumn()
  activationExpiresAt: Date;

  /** Keyed hash of the bearer token the app calls the device API with. */
  @Column({ type: 'varchar', length: 64, nullable: true, default: null })
  tokenHash: string | null;

  @JsonTextColumn({ nullable: true, default: null })
  publicKey: DevicePublicKey | null;

  /** OCRA secret (32 bytes), sealed with the server key. */
  @Column({ type: 'text', nullable: true, default: null })
  ocraSecretSealed: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true, default: null })
  activatedAt: Date | null;

  @DateTimeColumn({ nullable: true, default: null })
  revokedAt: Date | null;

  @DateTimeColumn({ nullable: true, default: null })
  lastSeenAt: Date | null;

  @DateTimeColumn()
  updatedAt: Date;
}
