import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DeliveryService } from '@app/delivery';
import { SmsAuthorizationsService, SmsCodeBinding, operationBinding, smsAuthorizationText } from '@app/otp';
import { DataAdapterUsersService, PasswordInput } from './data-adapter-users.service';

export interface SmsCreateInput {
  userId: string | null | undefined;
  organizationId: string | null | undefined;
  accountStatus: string | null | undefined;
  operationId: string;
  operationName: string;
  items: string[];
  lang: string | null | undefined;
}

export interface SmsVerifyInput {
  userId: string | null | undefined;
  organizationId: string | null | undefined;
  accountStatus: string | null | undefined;
  messageId: unknown;
  authorizationCode: unknown;
  operationId: string | null | undefined;
  operationName: string | null | undefined;
  formData: { parameters?: Array<Record<string, unknown> | null> | null } | null | undefined;
}

const FAILED = 'login.authenticationFailed';
const DELIVERY_FAILED = 'smsAuthorization.deliveryFailed';

/** SMS authorization: create and send a code, verify it alone or together with the password. */
@Injectable()
export class DataAdapterSmsService {
  private readonly logger = new Logger(DataAdapterSmsService.name);

  constructor(
    private readonly codes: SmsAuthorizationsService,
    private readonly users: DataAdapterUsersService,
    private readonly delivery: DeliveryService,
  ) {}

  /**
   * Unknown, inactive or unreachable users get the same success answer with a fresh message id,
   * and nothing is generated or sent (anti-enumeration, spec §4.3).
   */
  async create(input: SmsCreateInput) {
    const fake = () => ({ messageId: randomUUID(), smsDeliveryResult: 'SUCCEEDED' as const, errorMessage: null });
    if (!input.userId || input.accountStatus !== 'ACTIVE') return fake();
    const user = await this.users.findActive(input.userId, input.organizationId);
    if (!user || !user.phoneNumber) {
      this.logger.log({ operationId: input.operationId }, 'SMS code not sent: no active user with a phone number');
      return fake();
    }
    const binding: SmsCodeBinding = {
      userId: user.userId,
      operationId: input.operationId,
      operationName: input.operationName,
      items: input.items,
    };
    const issued = await this.codes.issue({ binding, organizationId: input.organizationId ?? null });
    if (!issued.issued) {
      return { messageId: randomUUID(), smsDeliveryResult: 'FAILED' as const, errorMessage: DELIVERY_FAILED };
    }
    const text = smsAuthorizationText(input.operationName, input.lang || user.language, input.items, issued.code);
    let status: 'SENT' | 'FAILED' = 'FAILED';
    try {
      const sent = await this.delivery.sendNow({
        channel: 'SMS',
        recipient: user.phoneNumber,
        text,
        expiresAt: issued.expiresAt,
        correlationId: issued.messageId,
      });
      status = sent.status === 'SENT' ? 'SENT' : 'FAILED';
    } catch (error) {
      this.logger.warn({ messageId: issued.messageId, error: (error as Error).name }, 'SMS delivery raised an error');
    }
    this.logger.log({ messageId: issued.messageId, operationId: input.operationId, delivery: status }, 'SMS code sent');
    return {
      messageId: issued.messageId,
      smsDeliveryResult: status === 'SENT' ? ('SUCCEEDED' as const) : ('FAILED' as const),
      errorMessage: status === 'SENT' ? null : DELIVERY_FAILED,
    };
  }

  async verify(input: SmsVerifyInput) {
    if (!input.userId || input.accountStatus !== 'ACTIVE') {
      return {
        smsAuthorizationResult: 'SKIPPED',
        errorMessage: FAILED,
        remainingAttempts: null,
        showRemainingAttempts: false,
      };
    }
    const outcome = await this.codes.verify({
      messageId: input.messageId,
      code: input.authorizationCode,
      binding: bindingOf(input),
    });
    return {
      smsAuthorizationResult: outcome.result,
      errorMessage: outcome.errorMessage,
      remainingAttempts: outcome.remainingAttempts,
      showRemainingAttempts: false,
    };
  }

  /** Both factors are always checked (no short-circuit); the code is spent only when both pass. */
  async verifyWithPassword(input: SmsVerifyInput, password: Omit<PasswordInput, 'userId' | 'organizationId'>) {
    if (!input.userId || input.accountStatus !== 'ACTIVE') {
      return {
        smsAuthorizationResult: 'SKIPPED',
        userAuthenticationResult: 'SKIPPED',
        errorMessage: FAILED,
        remainingAttempts: null,
        showRemainingAttempts: false,
        accountStatus: input.accountStatus ?? null,
      };
    }
    const sms = await this.codes.verifyForSecondFactor({
      messageId: input.messageId,
      code: input.authorizationCode,
      binding: bindingOf(input),
    });
    const user = await this.users.checkPassword({
      ...password,
      userId: input.userId,
      organizationId: input.organizationId,
    });
    let smsResult: string = sms.result;
    if (sms.result === 'SUCCEEDED' && user.authenticationResult === 'SUCCEEDED') {
      if (!(await this.codes.consume(input.messageId as string))) smsResult = 'FAILED';
    }
    const succeeded = smsResult === 'SUCCEEDED' && user.authenticationResult === 'SUCCEEDED';
    const remaining = [sms.remainingAttempts, user.remainingAttempts].filter((n): n is number => n !== null);
    return {
      smsAuthorizationResult: smsResult,
      userAuthenticationResult: user.authenticationResult,
      errorMessage: succeeded ? null : user.errorMessage === 'login.authenticationBlocked' ? user.errorMessage : FAILED,
      remainingAttempts: succeeded || remaining.length === 0 ? null : Math.min(...remaining),
      showRemainingAttempts: !succeeded && remaining.length > 0,
      accountStatus: user.accountStatus,
    };
  }
}

/** The data the code must still match; data that binds nothing never matches a code. */
function bindingOf(input: SmsVerifyInput): SmsCodeBinding {
  const name = input.operationName ?? '';
  const binding = operationBinding(name, input.formData);
  return {
    userId: input.userId ?? '',
    operationId: input.operationId ?? '',
    operationName: name,
    items: 'items' in binding ? binding.items : [`invalid:${binding.invalid}`],
  };
}
