import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, JsonTextColumn } from '@app/core';

/**
 * A key that signs (or signed) proofs of approval. Every replica signs with the newest key whose
 * `activatesAt` has passed; a key is published in the JWKS from its creation until
 * `publishedUntil` (set to a day after its successor took over).
 */
@Entity('approval_signing_key')
export class ApprovalSigningKey {
  /** JWK thumbprint (RFC 7638) of the public key. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  /** PKCS#8 PEM sealed with the server key; null for a key that came from APPROVAL_SIGNING_KEY. */
  @Column({ type: 'text', nullable: true, default: null })
  privateKeySealed: string | null;

  @JsonTextColumn()
  publicJwk: Record<string, string>;

  /** GENERATED (kept here) or CONFIGURED (APPROVAL_SIGNING_KEY; only its public part is kept). */
  @Column({ type: 'varchar', length: 16 })
  origin: 'GENERATED' | 'CONFIGURED';

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  activatesAt: Date;

  /** Null while in use; else the moment it leaves the JWKS. */
  @DateTimeColumn({ nullable: true, default: null })
  publishedUntil: Date | null;
}
