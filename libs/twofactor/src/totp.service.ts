import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as QRCode from 'qrcode';
import { Repository } from 'typeorm';
import { Clock, SecretBox, Transactions, findOneForUpdate } from '@app/core';
import type { UserAccess } from '@app/users';
import { TotpFactor } from './entities';
import { generateTotpSecret, verifyTotp } from '@app/challenges';
import { TwoFactorAudit } from './twofactor-audit';
import { TwoFactorError } from './twofactor.errors';

const SEAL_PURPOSE = 'tf-totp-secret';
export const TOTP_ISSUER = 'stepwise';

export interface TotpEnrolment {
  /** Shown once, in this answer only. */
  secret: string;
  otpauthUri: string;
  /** data:image/png;base64,… of the URI. */
  qrCode: string;
}

/**
 * The enrolment URI with every parameter spelled out (twofactor-api.md §4): some authenticator
 * apps ignore omitted defaults badly, and the challenge library's totpUri leaves them out.
 */
export function totpUri(secret: string, account: string): string {
  const issuer = encodeURIComponent(TOTP_ISSUER);
  return `otpauth://totp/${issuer}:${encodeURIComponent(account)}?secret=${secret}&issuer=${issuer}&algorithm=SHA1&digits=6&period=30`;
}

/**
 * TOTP authenticators of back-office users: enrolment (pending until a current code confirms
 * it), verification with replay protection, removal. The secret is sealed at rest. Each check
 * runs with the factor row locked and moves `lastAcceptedStep` forward, so of concurrent
 * submissions of one code exactly one succeeds (RFC 6238 §5.2).
 */
@Injectable()
export class TotpService {
  constructor(
    @InjectRepository(TotpFactor) private readonly factors: Repository<TotpFactor>,
    private readonly transactions: Transactions,
    private readonly sealer: SecretBox,
    private readonly clock: Clock,
    private readonly audit: TwoFactorAudit,
  ) {}

  async isActive(userId: string): Promise<boolean> {
    return (await this.factors.findOneBy({ userId }))?.status === 'ACTIVE';
  }

  /** Starts (or restarts) an enrolment; an ACTIVE authenticator must be removed first. */
  async enrol(access: UserAccess): Promise<TotpEnrolment> {
    const secret = generateTotpSecret();
    const otpauthUri = totpUri(secret, access.user.username);
    await this.transactions.run(async (em) => {
      const existing = await findOneForUpdate(em, TotpFactor, { userId: access.user.userId });
      if (existing?.status === 'ACTIVE') {
        throw new TwoFactorError('TOTP_ALREADY_ENROLLED', 'A TOTP authenticator is already active; remove it first.');
      }
      const row = {
        userId: access.user.userId,
        sealedSecret: this.sealer.seal(SEAL_PURPOSE, secret),
        status: 'PENDING' as const,
        lastAcceptedStep: null,
        createdAt: this.clock.now(),
        confirmedAt: null,
      };
      if (existing) await em.update(TotpFactor, { userId: row.userId }, row);
      else await em.insert(TotpFactor, row);
      await this.audit.record('TOTP_ENROLLED', access.user.userId, {});
    });
    const qrCode = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
    return { secret, otpauthUri, qrCode };
  }

  /** Activates a pending enrolment with a current code. */
  async confirm(access: UserAccess, code: string): Promise<boolean> {
    return this.check(access.user.userId, code, 'PENDING');
  }

  /** Checks a code of the ACTIVE authenticator (single use per time step). */
  verify(userId: string, code: string): Promise<boolean> {
    return this.check(userId, code, 'ACTIVE');
  }

  async remove(access: UserAccess): Promise<void> {
    await this.transactions.run(async (em) => {
      const result = await em.delete(TotpFactor, { userId: access.user.userId });
      if (!result.affected) throw new TwoFactorError('TOTP_NOT_ENROLLED', 'No TOTP authenticator is enrolled.');
      await this.audit.record('TOTP_REMOVED', access.user.userId, {});
    });
  }

  private check(userId: string, code: string, expected: 'PENDING' | 'ACTIVE'): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, TotpFactor, { userId });
      if (!row || row.status !== expected) {
        throw new TwoFactorError(
          'TOTP_NOT_ENROLLED',
          expected === 'PENDING' ? 'No TOTP enrolment is pending.' : 'No TOTP authenticator is active.',
        );
      }
      const now = this.clock.now();
      const secret = this.sealer.open(SEAL_PURPOSE, row.sealedSecret);
      const step = verifyTotp(secret, code.trim(), now, { window: 1, afterStep: row.lastAcceptedStep });
      if (step === null) {
        // Distinguish a replay for the audit (ASVS 2.8.5), never in the answer.
        const replay = verifyTotp(secret, code.trim(), now, { window: 1 }) !== null;
        if (replay) await this.audit.record('TOTP_REPLAY_REFUSED', userId, {});
        return false;
      }
      const changes =
        expected === 'PENDING'
          ? { lastAcceptedStep: step, status: 'ACTIVE' as const, confirmedAt: now }
          : { lastAcceptedStep: step };
      await em.update(TotpFactor, { userId }, changes);
      if (expected === 'PENDING') await this.audit.record('TOTP_CONFIRMED', userId, {});
      return true;
    });
  }
}
