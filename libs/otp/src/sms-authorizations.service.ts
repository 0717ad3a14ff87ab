import { Injectable, Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { EntityManager, In, LessThan } from 'typeorm';
import { Clock, KeyedHasher, Metrics, Transactions, findOneForUpdate, isSqlite } from '@app/core';
import { OtpConfig } from './otp.config';
import { SmsAuthorization } from './sms-authorization.entity';
import { SmsVerification, decideAttempt } from './verification';

const CODE_PURPOSE = 'otp.sms.code';
const BINDING_PURPOSE = 'otp.sms.binding';
const MESSAGE_ID = /^[0-9a-f-]{36}$/;

/** The operation a code is issued for and the data it is bound to (see operationBinding). */
export interface SmsCodeBinding {
  userId: string;
  operationId: string;
  operationName: string;
  items: string[];
}

export interface IssueSmsCode {
  binding: SmsCodeBinding;
  organizationId: string | null;
}

export type IssuedSmsCode =
  | { issued: true; messageId: string; code: string; expiresAt: Date }
  | { issued: false; reason: 'RESEND_LIMIT' | 'RESEND_TOO_EARLY' };

export interface VerifySmsCode {
  messageId: unknown;
  code: unknown;
  binding: SmsCodeBinding;
}

/**
 * SMS authorization codes: 8 CSPRNG digits, stored only as keyed hashes, bound to the operation
 * data, single use, limited in lifetime, attempts and resends. Every check runs on the locked
 * row inside one transaction, so concurrent verifications of one code serialize.
 */
@Injectable()
export class SmsAuthorizationsService {
  private readonly logger = new Logger(SmsAuthorizationsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: OtpConfig,
    private readonly metrics: Metrics,
  ) {}

  /**
   * A new code for the operation step. Any earlier code of the step is replaced (a resend),
   * at most `smsMaxResends` times and not sooner than `smsResendDelaySeconds` after the last.
   * The clear code is returned once, for the message text, and never stored.
   */
  async issue(request: IssueSmsCode): Promise<IssuedSmsCode> {
    const issued = await this.issueCode(request);
    if (issued.issued) this.metrics.codeIssued('SMS');
    return issued;
  }

  private issueCode(request: IssueSmsCode): Promise<IssuedSmsCode> {
    const { binding } = request;
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      // One chain of codes per operation step: the SCA login (name "login") and the approval of the same
      // operation are separate chains, each with its own resend limits.
      const earlier = await em.find(SmsAuthorization, {
        where: { operationId: binding.operationId, operationName: binding.operationName },
        order: { sendSequence: 'DESC' },
        lock: this.lockFor(em),
      });
      const last = earlier[0];
      if (last) {
        if (earlier.length > this.config.smsMaxResends) return this.refuse(binding, 'RESEND_LIMIT');
        if (now.getTime() - last.createdAt.getTime() < this.config.smsResendDelaySeconds * 1000) {
          return this.refuse(binding, 'RESEND_TOO_EARLY');
        }
        const active = earlier.filter((r) => r.status === 'ACTIVE').map((r) => r.messageId);
        if (active.length > 0) await em.update(SmsAuthorization, { messageId: In(active) }, { status: 'REPLACED' });
      }
      const messageId = randomUUID();
      const code = randomInt(0, 100_000_000).toString().padStart(8, '0');
      const expiresAt = new Date(now.getTime() + this.config.smsExpirationSeconds * 1000);
      await em.insert(SmsAuthorization, {
        messageId,
        operationId: binding.operationId,
        userId: binding.userId,
        organizationId: request.organizationId,
        operationName: binding.operationName,
        codeHash: this.hasher.hash(CODE_PURPOSE, `${messageId}\0${code}`),
        bindingHash: this.bindingHash(binding),
        verifyRequestCount: 0,
        verified: false,
        status: 'ACTIVE',
        sendSequence: last ? last.sendSequence + 1 : 0,
        createdAt: now,
        expiresAt,
        verifiedAt: null,
      });
      this.logger.log(
        { messageId, operationId: binding.operationId, sendSequence: last ? last.sendSequence + 1 : 0 },
        'SMS code issued',
      );
      return { issued: true as const, messageId, code, expiresAt };
    });
  }

  /** One attempt of a plain SMS verification; a success spends the code. */
  verify(request: VerifySmsCode): Promise<SmsVerification> {
    return this.attempt(request, false);
  }

  /**
   * One attempt of the SMS half of an SMS + password step. A correct code is not spent yet:
   * the caller checks the password and then calls `consume`, so a wrong password can be
   * retried with the same code (spec §4.5).
   */
  verifyForSecondFactor(request: VerifySmsCode): Promise<SmsVerification> {
    return this.attempt(request, true);
  }

  /** Spends a code matched by verifyForSecondFactor; false when another request spent it first. */
  consume(messageId: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, SmsAuthorization, { messageId });
      if (!row || row.status !== 'ACTIVE' || !row.verified) return false;
      await em.update(SmsAuthorization, { messageId }, { status: 'USED' });
      return true;
    });
  }

  /** The operation ended (DONE / CANCELED / FAILED): none of its codes verifies any more. */
  async invalidateOperation(operationId: string): Promise<number> {
    const affected = await this.transactions.run(async (em) => {
      const result = await em.update(SmsAuthorization, { operationId, status: 'ACTIVE' }, { status: 'INVALIDATED' });
      return result.affected ?? 0;
    });
    if (affected > 0) this.logger.log({ operationId, codes: affected }, 'SMS codes invalidated');
    return affected;
  }

  /** Deletes the rows of codes that expired more than the retention period ago. */
  async purgeExpired(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.smsRetentionSeconds * 1000);
    const deleted = await this.transactions.run(async (em) => {
      const result = await em.delete(SmsAuthorization, { expiresAt: LessThan(before) });
      return result.affected ?? 0;
    });
    if (deleted > 0) this.logger.log({ deleted }, 'Expired SMS codes deleted');
    return deleted;
  }

  private async attempt(request: VerifySmsCode, allowMatchedBefore: boolean): Promise<SmsVerification> {
    const outcome = await this.attemptOnce(request, allowMatchedBefore);
    if (outcome.result === 'SUCCEEDED') this.metrics.codeVerified('SMS');
    else this.metrics.codeFailed('SMS', outcome.errorMessage.replace('smsAuthorization.', ''));
    return outcome;
  }

  private attemptOnce(request: VerifySmsCode, allowMatchedBefore: boolean): Promise<SmsVerification> {
    const { messageId } = request;
    const invalid: SmsVerification = {
      result: 'FAILED',
      errorMessage: 'smsAuthorization.invalidMessage',
      remainingAttempts: null,
    };
    if (typeof messageId !== 'string' || !MESSAGE_ID.test(messageId)) return Promise.resolve(invalid);
    const code = typeof request.code === 'string' ? request.code : '';
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, SmsAuthorization, { messageId });
      if (!row) return invalid;
      row.verifyRequestCount += 1;
      // Both comparisons always run, so timing does not tell which one failed.
      const codeMatches = this.hasher.matches(CODE_PURPOSE, `${messageId}\0${code}`, row.codeHash);
      const bindingMatches = this.hasher.matches(BINDING_PURPOSE, this.bindingValue(request.binding), row.bindingHash);
      const now = this.clock.now();
      const outcome = decideAttempt(row, {
        now,
        maxAttempts: this.config.smsMaxVerifyAttempts,
        allowMatchedBefore,
        codeMatches,
        bindingMatches,
      });
      const changes: Partial<SmsAuthorization> = { verifyRequestCount: row.verifyRequestCount };
      if (outcome.result === 'SUCCEEDED') {
        Object.assign(changes, { verified: true, verifiedAt: now, ...(allowMatchedBefore ? {} : { status: 'USED' }) });
      }
      await em.update(SmsAuthorization, { messageId }, changes);
      this.logger.log(
        { messageId, operationId: row.operationId, result: outcome.result, reason: outcome.errorMessage },
        'SMS code verification',
      );
      return outcome;
    });
  }

  private refuse(binding: SmsCodeBinding, reason: 'RESEND_LIMIT' | 'RESEND_TOO_EARLY'): IssuedSmsCode {
    this.logger.warn({ operationId: binding.operationId, reason }, 'SMS code not issued');
    return { issued: false, reason };
  }

  private bindingHash(binding: SmsCodeBinding): string {
    return this.hasher.hash(BINDING_PURPOSE, this.bindingValue(binding));
  }

  private bindingValue(binding: SmsCodeBinding): string {
    return JSON.stringify([binding.userId, binding.operationId, binding.operationName, ...binding.items]);
  }

  private lockFor(em: EntityManager): { mode: 'pessimistic_write' } | undefined {
    return isSqlite(em.connection.options) ? undefined : { mode: 'pessimistic_write' };
  }
}
