import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { calculateJwkThumbprint } from 'jose';
import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { IsNull } from 'typeorm';
import { Clock, ConfigError, DomainError, SecretBox, Transactions } from '@app/core';
import { DevicesConfig } from '../devices.config';
import { ApprovalSigningKey } from './signing-key.entity';

const SEAL_PURPOSE = 'approval-signing-key';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export interface PublishedKey {
  kty: string;
  crv: string;
  x: string;
  y: string;
  kid: string;
  alg: 'ES256';
  use: 'sig';
}

/**
 * The keys that sign proofs of approval. APPROVAL_SIGNING_KEY when configured; otherwise a key
 * generated once and kept sealed in the database, so every replica signs with the same key.
 * Rotation (generated keys): the new key is published at once but signs only after
 * APPROVAL_KEY_PUBLISH_AHEAD_SECONDS, so verifiers' cached JWKS know it before they meet it;
 * the old key stays published APPROVAL_KEY_RETAIN_SECONDS (a day) after that.
 */
@Injectable()
export class ApprovalSigningKeys implements OnModuleInit {
  private readonly logger = new Logger(ApprovalSigningKeys.name);
  /** Opened private keys by kid: derived from the database rows, safe to keep. */
  private readonly opened = new Map<string, KeyObject>();
  private configured?: SigningKey;

  constructor(
    private readonly transactions: Transactions,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly config: DevicesConfig,
  ) {}

  /** Reads and writes join the caller's transaction (e.g. the session step that calls in). */
  private keys() {
    return this.transactions.repository(ApprovalSigningKey);
  }

  async onModuleInit(): Promise<void> {
    if (this.config.approvalSigningKey) await this.adoptConfiguredKey(this.config.approvalSigningKey);
    else if (!(await this.keys().existsBy({ origin: 'GENERATED', publishedUntil: IsNull() }))) await this.generate(0);
  }

  /** The key that signs now: the configured one, else the newest generated key already active. */
  async current(): Promise<SigningKey> {
    if (this.configured) return this.configured;
    const now = this.clock.now().getTime();
    const candidates = (await this.keys().find({ where: { origin: 'GENERATED' } }))
      .filter((k) => k.privateKeySealed && k.activatesAt.getTime() <= now)
      .filter((k) => !k.publishedUntil || k.publishedUntil.getTime() > now)
      .sort((a, b) => b.activatesAt.getTime() - a.activatesAt.getTime() || a.kid.localeCompare(b.kid));
    const row = candidates[0] ?? (await this.generate(0));
    let privateKey = this.opened.get(row.kid);
    if (!privateKey) {
      privateKey = createPrivateKey(this.secrets.open(SEAL_PURPOSE, row.privateKeySealed!));
      this.opened.set(row.kid, privateKey);
    }
    return { kid: row.kid, privateKey };
  }

  /** Every key a verifier may meet: in use, about to be used, or replaced less than a day ago. */
  async published(): Promise<PublishedKey[]> {
    const now = this.clock.now().getTime();
    const rows = await this.keys().find({ order: { activatesAt: 'DESC', kid: 'ASC' } });
    return rows
      .filter((k) => !k.publishedUntil || k.publishedUntil.getTime() > now)
      .map((k) => ({
        kty: k.publicJwk.kty,
        crv: k.publicJwk.crv,
        x: k.publicJwk.x,
        y: k.publicJwk.y,
        kid: k.kid,
        alg: 'ES256',
        use: 'sig',
      }));
  }

  /** Starts a rotation of the generated key; returns the new key's id and when it signs. */
  async rotate(): Promise<{ kid: string; activatesAt: Date }> {
    if (this.configured) {
      throw new DomainError('CONFLICT', 'APPROVAL_SIGNING_KEY is configured: rotate it there.');
    }
    const row = await this.generate(this.config.signingKeyPublishAheadSeconds);
    return { kid: row.kid, activatesAt: row.activatesAt };
  }

  /** A new generated key active after `aheadSeconds`; the keys before it retire a day after that. */
  private async generate(aheadSeconds: number): Promise<ApprovalSigningKey> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const now = this.clock.now();
    const activatesAt = new Date(now.getTime() + aheadSeconds * 1000);
    const row = await this.transactions.run(async (em) => {
      const fresh: ApprovalSigningKey = {
        ...(await describe(privateKey)),
        privateKeySealed: this.secrets.seal(SEAL_PURPOSE, pem),
        origin: 'GENERATED',
        createdAt: now,
        activatesAt,
      };
      await em.update(
        ApprovalSigningKey,
        { publishedUntil: IsNull() },
        { publishedUntil: new Date(activatesAt.getTime() + this.config.signingKeyRetainSeconds * 1000) },
      );
      await em.insert(ApprovalSigningKey, fresh);
      return fresh;
    });
    this.logger.log({ kid: row.kid, activatesAt }, 'Approval signing key generated');
    return row;
  }

  /**
   * The configured key signs from now on; its public part is recorded so it stays published
   * for a day after the operator replaces it, and every other key retires a day from now.
   */
  private async adoptConfiguredKey(pem: string): Promise<void> {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(pem);
    } catch {
      throw new ConfigError('APPROVAL_SIGNING_KEY', 'is not a readable PKCS#8 private key');
    }
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new ConfigError('APPROVAL_SIGNING_KEY', 'must be an EC P-256 key');
    }
    const described = await describe(privateKey);
    const now = this.clock.now();
    await this.transactions.run(async (em) => {
      const existing = await em.findOneBy(ApprovalSigningKey, { kid: described.kid });
      const retireAt = new Date(now.getTime() + this.config.signingKeyRetainSeconds * 1000);
      const others = em
        .createQueryBuilder()
        .update(ApprovalSigningKey)
        .set({ publishedUntil: retireAt })
        .where('publishedUntil IS NULL AND kid <> :kid', { kid: described.kid });
      await others.execute();
      if (!existing) {
        await em.insert(ApprovalSigningKey, {
          ...described,
          privateKeySealed: null,
          origin: 'CONFIGURED',
          createdAt: now,
          activatesAt: now,
        });
      } else if (existing.publishedUntil) {
        await em.update(ApprovalSigningKey, { kid: described.kid }, { publishedUntil: null });
      }
    });
    this.configured = { kid: described.kid, privateKey };
  }
}

async function describe(
  privateKey: KeyObject,
): Promise<Pick<ApprovalSigningKey, 'kid' | 'publicJwk' | 'publishedUntil'>> {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  return { kid: await calculateJwkThumbprint(publicJwk, 'sha256'), publicJwk, publishedUntil: null };
}
