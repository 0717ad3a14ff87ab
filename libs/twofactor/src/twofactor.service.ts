import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MoreThan } from 'typeorm';
import { Clock, KeyedHasher, Transactions, findOneForUpdate } from '@app/core';
import { DeliveryService } from '@app/delivery';
import { UserAccess, UserFailures } from '@app/users';
import { TwoFactorOtp, UserSession } from './entities';
import { maskEmail, maskPhone } from './masking';
import { OperationTokensService } from './operation-tokens.service';
import { canonicalBinding, generateOtp, normaliseOtp } from './otp-codes';
import { TwoFactorSettings, TwoFactorSettingsService } from './settings.service';
import { describeOperation, renderTemplate } from './templates';
import { TotpService } from './totp.service';
import { IssuedAccessToken, UserTokensService } from './tokens.service';
import { TwoFactorAudit } from './twofactor-audit';
import { TwoFactorError } from './twofactor.errors';

export type OtpDeliveryMethod = 'EMAIL' | 'SMS';
export type DeliveryMethodName = OtpDeliveryMethod | 'TOTP';

export interface DeliveryMethodView {
  name: DeliveryMethodName;
  /** Masked e-mail or phone; absent for TOTP. */
  target?: string;
}

export interface OperationBinding {
  operation: string;
  parameters: Record<string, string | number | boolean | null>;
}

export interface OtpRequest {
  deliveryMethod: string;
  extendedToken: boolean;
  binding?: OperationBinding;
}

export interface OtpValidation {
  deliveryMethod: string;
  code: string;
  binding?: OperationBinding;
}

export type ValidationResult =
  | { kind: 'ACCESS_TOKEN'; token: IssuedAccessToken }
  | { kind: 'OPERATION_TOKEN'; operationToken: string; validFrom: Date; validTo: Date };

/** Tries per code before it is burned (twofactor-api.md §3). */
export const OTP_MAX_TRIES = 5;
/** Spacing between two requests of one user, and requests per user and hour. */
export const OTP_REQUEST_SPACING_SECONDS = 30;
export const OTP_REQUESTS_PER_HOUR = 5;
const OTP_PURPOSE = 'tf-otp';
const BINDING_PURPOSE = 'tf-otp-binding';

/**
 * OTP by e-mail and SMS, and the exchange of an OTP or TOTP code for a two-factor access token
 * (or, for an operation-bound code, a single-use operation token).
 */
@Injectable()
export class TwoFactorService {
  private readonly logger = new Logger(TwoFactorService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly settings: TwoFactorSettingsService,
    private readonly tokens: UserTokensService,
    private readonly totp: TotpService,
    private readonly operationTokens: OperationTokensService,
    private readonly delivery: DeliveryService,
    private readonly failures: UserFailures,
    private readonly audit: TwoFactorAudit,
  ) {}

  /** The user's second factors: SMS and e-mail when enabled and on file, TOTP when active. */
  async deliveryMethods(access: UserAccess, settings?: TwoFactorSettings): Promise<DeliveryMethodView[]> {
    const current = settings ?? (await this.settings.current());
    const methods: DeliveryMethodView[] = [];
    if (current['otp-delivery-email-enable'] && access.user.email) {
      methods.push({ name: 'EMAIL', target: maskEmail(access.user.email) });
    }
    if (current['otp-delivery-sms-enable'] && access.user.phoneNumber) {
      methods.push({ name: 'SMS', target: maskPhone(access.user.phoneNumber) });
    }
    if (await this.totp.isActive(access.user.userId)) methods.push({ name: 'TOTP' });
    return methods;
  }

  /**
   * Issues a new code (replacing the previous one), sends it through the outbox and answers
   * when it was requested and when it expires. At most one request per 30 s and five per hour.
   */
  async requestOtp(
    access: UserAccess,
    sessionTokenHash: string,
    request: OtpRequest,
  ): Promise<{ requestTime: Date; expirationTime: Date }> {
    const settings = await this.settings.current();
    const method = request.deliveryMethod.toUpperCase();
    const available = await this.deliveryMethods(access, settings);
    const target = available.find((m) => m.name === method && m.name !== 'TOTP');
    if (!target) {
      throw new TwoFactorError(
        'DELIVERY_METHOD_INVALID',
        'The requested OTP delivery method is not supported or not currently available.',
      );
    }
    if (request.extendedToken && !access.permissions.includes('EXTENDED_TOKEN')) {
      throw new TwoFactorError('PERMISSION_MISSING', 'User has no authority to: EXTENDED_TOKEN', {
        permission: 'EXTENDED_TOKEN',
      });
    }
    const userId = access.user.userId;
    const code = generateOtp(settings['otp-token-length']);
    const requestTime = this.clock.now();
    const expirationTime = new Date(requestTime.getTime() + settings['otp-token-live-time'] * 1000);
    const otpId = randomUUID();
    await this.transactions.run(async (em) => {
      // One request of this user at a time: the session row is the lock (SQLite serialises anyway).
      await findOneForUpdate(em, UserSession, { tokenHash: sessionTokenHash });
      const lastHour = new Date(requestTime.getTime() - 3600_000);
      const recent = await em.find(TwoFactorOtp, {
        where: { userId, requestedAt: MoreThan(lastHour) },
        order: { requestedAt: 'ASC' },
      });
      const latest = recent[recent.length - 1];
      const spacingEnd = latest ? latest.requestedAt.getTime() + OTP_REQUEST_SPACING_SECONDS * 1000 : 0;
      if (spacingEnd > requestTime.getTime()) {
        throw new TwoFactorError(
          'OTP_REQUEST_TOO_EARLY',
          'A new code can be requested only 30 seconds after the last one.',
          {
            retryAfterSeconds: Math.ceil((spacingEnd - requestTime.getTime()) / 1000),
          },
        );
      }
      if (recent.length >= OTP_REQUESTS_PER_HOUR) {
        const freeAt = recent[recent.length - OTP_REQUESTS_PER_HOUR]!.requestedAt.getTime() + 3600_000;
        throw new TwoFactorError('OTP_RATE_LIMITED', 'Too many codes were requested in the last hour.', {
          retryAfterSeconds: Math.max(1, Math.ceil((freeAt - requestTime.getTime()) / 1000)),
        });
      }
      await em.update(TwoFactorOtp, { userId, status: 'ACTIVE' }, { status: 'REPLACED' });
      await em.insert(TwoFactorOtp, {
        otpId,
        userId,
        deliveryMethod: method as OtpDeliveryMethod,
        codeHash: this.hasher.hash(OTP_PURPOSE, `${otpId}:${normaliseOtp(code)}`),
        bindingHash: request.binding ? this.bindingHash(request.binding) : null,
        operation: request.binding?.operation ?? null,
        extendedToken: request.extendedToken,
        status: 'ACTIVE',
        failedTries: 0,
        requestedAt: requestTime,
        expiresAt: expirationTime,
      });
      await this.audit.record('OTP_REQUESTED', userId, {
        deliveryMethod: method,
        target: target.target ?? null,
        extended: request.extendedToken,
        operation: request.binding?.operation ?? null,
      });
    });
    // Delivery after the code committed: the outbox stores the message before sending, and the
    // retry job keeps trying when the gateway or SMTP server is down.
    const facts = { user: access.user, code, requestedAt: requestTime, expiresAt: expirationTime };
    const suffix = request.binding
      ? `\n${describeOperation(request.binding.operation, request.binding.parameters)}`
      : '';
    const result =
      method === 'EMAIL'
        ? await this.delivery.sendNow({
            channel: 'EMAIL',
            recipient: access.user.email!,
            subject: renderTemplate(settings['otp-delivery-email-subject'], facts),
            text: renderTemplate(settings['otp-delivery-email-body'], facts) + suffix,
            expiresAt: expirationTime,
            correlationId: otpId,
          })
        : await this.delivery.sendNow({
            channel: 'SMS',
            recipient: access.user.phoneNumber!,
            text: renderTemplate(settings['otp-delivery-sms-text'], facts) + suffix,
            expiresAt: expirationTime,
            correlationId: otpId,
          });
    this.logger.log({ userId, otpId, deliveryMethod: method, delivery: result.status }, 'OTP requested');
    return { requestTime, expirationTime };
  }

  /**
   * Exchanges a code for a two-factor access token (24 h, or the extended lifetime when the code
   * was requested with extendedToken and the user holds EXTENDED_TOKEN), or for an operation
   * token when the code is bound to an operation. Every wrong code counts toward the user's
   * lockout; the fifth wrong try burns the code.
   */
  async validate(access: UserAccess, input: OtpValidation): Promise<ValidationResult> {
    const userId = access.user.userId;
    const settings = await this.settings.current();
    const method = input.deliveryMethod.toUpperCase();
    if (method === 'TOTP') {
      if (input.binding) throw this.invalidOtp();
      const ok = await this.totp.verify(userId, input.code).catch((error: unknown) => {
        if (error instanceof TwoFactorError && error.code === 'TOTP_NOT_ENROLLED') return false;
        throw error;
      });
      if (!ok) {
        await this.recordFailure(access, 'TOTP', null);
        throw this.invalidOtp();
      }
      await this.failures.recordSuccess(userId);
      await this.audit.record('OTP_VERIFIED', userId, { deliveryMethod: 'TOTP' });
      const token = await this.tokens.issueAccessToken(access, settings['access-token-live-time'], false);
      return { kind: 'ACCESS_TOKEN', token };
    }
    if (method !== 'EMAIL' && method !== 'SMS') throw this.invalidOtp();
    const now = this.clock.now();
    const outcome = await this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, TwoFactorOtp, { userId, status: 'ACTIVE' });
      if (!row || row.deliveryMethod !== method || row.expiresAt.getTime() <= now.getTime()) {
        return { verified: false as const, attempt: null, burned: false };
      }
      const codeMatches = this.hasher.matches(OTP_PURPOSE, `${row.otpId}:${normaliseOtp(input.code)}`, row.codeHash);
      const bindingMatches =
        row.bindingHash === null
          ? input.binding === undefined
          : input.binding !== undefined &&
            this.hasher.matches(
              BINDING_PURPOSE,
              canonicalBinding(input.binding.operation, input.binding.parameters),
              row.bindingHash,
            );
      if (codeMatches && bindingMatches) {
        await em.update(TwoFactorOtp, { otpId: row.otpId }, { status: 'USED' });
        return { verified: true as const, row };
      }
      const attempt = row.failedTries + 1;
      const burned = attempt >= OTP_MAX_TRIES;
      await em.update(
        TwoFactorOtp,
        { otpId: row.otpId },
        { failedTries: attempt, status: burned ? 'BURNED' : 'ACTIVE' },
      );
      return { verified: false as const, attempt, burned };
    });
    if (!outcome.verified) {
      await this.recordFailure(access, method, outcome.attempt);
      if (outcome.burned) await this.audit.record('OTP_BURNED', userId, { deliveryMethod: method });
      throw this.invalidOtp();
    }
    await this.failures.recordSuccess(userId);
    await this.audit.record('OTP_VERIFIED', userId, { deliveryMethod: method });
    const row = outcome.row;
    if (row.bindingHash !== null && input.binding) {
      const issued = await this.operationTokens.issue(userId, input.binding, row.bindingHash);
      return { kind: 'OPERATION_TOKEN', ...issued };
    }
    const extended = row.extendedToken && access.permissions.includes('EXTENDED_TOKEN');
    if (row.extendedToken && !extended) {
      throw new TwoFactorError('PERMISSION_MISSING', 'User has no authority to: EXTENDED_TOKEN', {
        permission: 'EXTENDED_TOKEN',
      });
    }
    const lifetime = extended ? settings['access-token-live-time-extended'] : settings['access-token-live-time'];
    const token = await this.tokens.issueAccessToken(access, lifetime, extended);
    return { kind: 'ACCESS_TOKEN', token };
  }

  /** Activates a pending TOTP enrolment; a wrong code counts toward the lockout like any other. */
  async confirmTotp(access: UserAccess, code: string): Promise<boolean> {
    const ok = await this.totp.confirm(access, code);
    if (ok) await this.failures.recordSuccess(access.user.userId);
    else await this.recordFailure(access, 'TOTP', null);
    return ok;
  }

  bindingHash(binding: OperationBinding): string {
    return this.hasher.hash(BINDING_PURPOSE, canonicalBinding(binding.operation, binding.parameters));
  }

  private async recordFailure(access: UserAccess, method: string, attempt: number | null): Promise<void> {
    const { locked } = await this.failures.recordFailure(access.user.userId, method);
    await this.audit.record('OTP_FAILED', access.user.userId, { deliveryMethod: method, attempt, locked });
    if (locked) await this.tokens.revokeSessions(access.user.userId);
  }

  private invalidOtp(): TwoFactorError {
    return new TwoFactorError('OTP_INVALID', 'The provided one time token is invalid');
  }
}
