import { Injectable, Logger } from '@nestjs/common';
import { MoreThan } from 'typeorm';
import { Clock, Transactions } from '@app/core';
import { ChallengesService, VerifyOutcome } from '@app/challenges';
import { UserAccess, UserFailures, maskEmail, maskPhone } from '@app/users';
import { TwoFactorOtpRequest } from './entities';
import { OperationTokensService } from './operation-tokens.service';
import { canonicalBinding } from './otp-codes';
import { TwoFactorSettings, TwoFactorSettingsService } from './settings.service';
import { describeOperation, renderTemplate } from './templates';
import { TotpService } from './totp.service';
import { IssuedAccessToken, TokenOrigin, UserTokensService } from './tokens.service';
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
  /** Absent (the upstream's `?token=` form names none): the channel of the user's live code. */
  deliveryMethod?: string;
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
/** The challenge chain of a user's /v1 OTP: one live code per user, a new request replaces it. */
const OTP_PURPOSE = 'twofactor.otp';
const OTP_STEP = 'otp';

/**
 * OTP by e-mail and SMS, and the exchange of an OTP or TOTP code for a two-factor access token
 * (or, for an operation-bound code, a single-use operation token).
 */
@Injectable()
export class TwoFactorService {
  private readonly logger = new Logger(TwoFactorService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly challenges: ChallengesService,
    private readonly clock: Clock,
    private readonly settings: TwoFactorSettingsService,
    private readonly tokens: UserTokensService,
    private readonly totp: TotpService,
    private readonly operationTokens: OperationTokensService,
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
  async requestOtp(access: UserAccess, request: OtpRequest): Promise<{ requestTime: Date; expirationTime: Date }> {
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
    const requestTime = this.clock.now();
    const expirationTime = new Date(requestTime.getTime() + settings['otp-token-live-time'] * 1000);
    const recipient = method === 'EMAIL' ? access.user.email! : access.user.phoneNumber!;
    const render = (code: string) => {
      const facts = { user: access.user, code, requestedAt: requestTime, expiresAt: expirationTime };
      const suffix = request.binding
        ? `\n${describeOperation(request.binding.operation, request.binding.parameters)}`
        : '';
      return method === 'EMAIL'
        ? {
            subject: renderTemplate(settings['otp-delivery-email-subject'], facts),
            text: renderTemplate(settings['otp-delivery-email-body'], facts) + suffix,
          }
        : { text: renderTemplate(settings['otp-delivery-sms-text'], facts) + suffix };
    };
    // Code and message commit together (the challenge library queues the message in this
    // transaction and sends it after the commit); a refused request leaves nothing behind.
    const issued = await this.transactions.run(async (em) => {
      const challenge = await this.challenges.issue({
        purpose: OTP_PURPOSE,
        subject: userId,
        step: OTP_STEP,
        channel: method as OtpDeliveryMethod,
        userId,
        binding: otpBinding(method, request.binding),
        format: {
          alphabet: settings['otp-token-alphabet'],
          length: settings['otp-token-length'],
          caseInsensitive: true,
        },
        policy: {
          lifetimeSeconds: settings['otp-token-live-time'],
          maxTries: OTP_MAX_TRIES,
          resendSpacingSeconds: OTP_REQUEST_SPACING_SECONDS,
          maxResends: null,
        },
        recipient,
        message: { channel: method as OtpDeliveryMethod, recipient, render },
      });
      // The hourly limit of this API, counted after issue: the chain row issue locked
      // serialises a user's requests, so concurrent ones cannot both slip under it.
      const lastHour = new Date(requestTime.getTime() - 3600_000);
      const recent = await em.find(TwoFactorOtpRequest, {
        where: { userId, requestedAt: MoreThan(lastHour) },
        order: { requestedAt: 'ASC' },
      });
      if (recent.length >= OTP_REQUESTS_PER_HOUR) {
        const freeAt = recent[recent.length - OTP_REQUESTS_PER_HOUR]!.requestedAt.getTime() + 3600_000;
        throw new TwoFactorError('OTP_RATE_LIMITED', 'Too many codes were requested in the last hour.', {
          retryAfterSeconds: Math.max(1, Math.ceil((freeAt - requestTime.getTime()) / 1000)),
        });
      }
      await em.insert(TwoFactorOtpRequest, {
        challengeId: challenge.challengeId,
        userId,
        deliveryMethod: method as OtpDeliveryMethod,
        operation: request.binding?.operation ?? null,
        extendedToken: request.extendedToken,
        requestedAt: requestTime,
      });
      await this.audit.record('OTP_REQUESTED', userId, {
        deliveryMethod: method,
        target: target.target ?? null,
        extended: request.extendedToken,
        operation: request.binding?.operation ?? null,
      });
      return challenge;
    });
    this.logger.log({ userId, challengeId: issued.challengeId, deliveryMethod: method }, 'OTP requested');
    return { requestTime, expirationTime };
  }

  /**
   * Exchanges a code for a two-factor access token (24 h, or the extended lifetime when the code
   * was requested with extendedToken and the user holds EXTENDED_TOKEN), or for an operation
   * token when the code is bound to an operation. Every wrong code counts toward the user's
   * lockout; the fifth wrong try burns the code.
   */
  async validate(access: UserAccess, input: OtpValidation, origin: TokenOrigin): Promise<ValidationResult> {
    const userId = access.user.userId;
    const settings = await this.settings.current();
    const method = (input.deliveryMethod ?? (await this.liveCodeChannel(userId))).toUpperCase();
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
      const token = await this.tokens.issueAccessToken(access, settings['access-token-live-time'], false, origin);
      return { kind: 'ACCESS_TOKEN', token };
    }
    if (method !== 'EMAIL' && method !== 'SMS') throw this.invalidOtp();
    const outcome = await this.challenges.verify({
      purpose: OTP_PURPOSE,
      subject: userId,
      step: OTP_STEP,
      code: input.code,
      binding: otpBinding(method, input.binding),
    });
    const row =
      outcome.outcome === 'VERIFIED'
        ? await this.transactions.repository(TwoFactorOtpRequest).findOneBy({ challengeId: outcome.challengeId })
        : null;
    if (!row) {
      await this.recordWrongOtp(access, method, outcome);
      throw this.invalidOtp();
    }
    await this.audit.record('OTP_VERIFIED', userId, { deliveryMethod: method });
    if (row.operation !== null && input.binding) {
      const issued = await this.operationTokens.issue(userId, input.binding);
      return { kind: 'OPERATION_TOKEN', ...issued };
    }
    const extended = row.extendedToken && access.permissions.includes('EXTENDED_TOKEN');
    if (row.extendedToken && !extended) {
      throw new TwoFactorError('PERMISSION_MISSING', 'User has no authority to: EXTENDED_TOKEN', {
        permission: 'EXTENDED_TOKEN',
      });
    }
    const lifetime = extended ? settings['access-token-live-time-extended'] : settings['access-token-live-time'];
    const token = await this.tokens.issueAccessToken(access, lifetime, extended, origin);
    return { kind: 'ACCESS_TOKEN', token };
  }

  /**
   * The channel the user's live code was sent by; EMAIL when there is none (the code then fails
   * as any code without a live one does). A code is bound to its channel, so guessing EMAIL for
   * an SMS code would turn a right code into a counted wrong try.
   */
  private async liveCodeChannel(userId: string): Promise<string> {
    return (await this.challenges.status(OTP_PURPOSE, userId, OTP_STEP))?.channel ?? 'EMAIL';
  }

  /** Activates a pending TOTP enrolment; a wrong code counts toward the lockout like any other. */
  async confirmTotp(access: UserAccess, code: string): Promise<boolean> {
    const ok = await this.totp.confirm(access, code);
    if (ok) await this.failures.recordSuccess(access.user.userId);
    else await this.recordFailure(access, 'TOTP', null);
    return ok;
  }

  /**
   * A code that did not verify. The challenge library counted a WRONG try toward the lockout
   * (and burned the code on the fifth); any other miss (no live code, expired, burned, used) is
   * counted here, so every failed attempt counts.
   */
  private async recordWrongOtp(access: UserAccess, method: string, outcome: VerifyOutcome): Promise<void> {
    const userId = access.user.userId;
    let attempt: number | null = null;
    let locked: boolean;
    if (outcome.outcome === 'WRONG' || (outcome.outcome === 'EXHAUSTED' && outcome.burnedNow)) {
      attempt = outcome.outcome === 'WRONG' ? OTP_MAX_TRIES - outcome.remainingTries : OTP_MAX_TRIES;
      locked = outcome.userLocked;
    } else if (outcome.outcome === 'LOCKED') {
      locked = true;
    } else {
      locked = (await this.failures.recordFailure(userId, method as OtpDeliveryMethod)).locked;
    }
    await this.audit.record('OTP_FAILED', userId, { deliveryMethod: method, attempt, locked });
    if (outcome.outcome === 'EXHAUSTED' && outcome.burnedNow) {
      await this.audit.record('OTP_BURNED', userId, { deliveryMethod: method });
    }
    if (locked) await this.tokens.revokeSessions(userId);
  }

  private async recordFailure(access: UserAccess, method: 'TOTP', attempt: number | null): Promise<void> {
    const { locked } = await this.failures.recordFailure(access.user.userId, method);
    await this.audit.record('OTP_FAILED', access.user.userId, { deliveryMethod: method, attempt, locked });
    if (locked) await this.tokens.revokeSessions(access.user.userId);
  }

  private invalidOtp(): TwoFactorError {
    return new TwoFactorError('OTP_INVALID', 'The provided one time token is invalid');
  }
}

/** What an OTP is bound to: its channel and, for an operation-bound code, the operation and values. */
function otpBinding(method: string, binding: OperationBinding | undefined): Record<string, string> {
  return binding
    ? { deliveryMethod: method, operation: canonicalBinding(binding.operation, binding.parameters) }
    : { deliveryMethod: method };
}
