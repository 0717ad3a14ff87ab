import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ChallengeError, ChallengesService, IssueChallenge, VerifyOutcome } from '@app/challenges';
import { UserFailures } from '@app/users';
import { DataAdapterConfig } from '../data-adapter.config';
import { operationBinding } from '../sms/operation-binding';
import { DA_SMS_FORMAT, DA_SMS_PURPOSE, smsVerification } from '../sms/sms-policy';
import { smsAuthorizationText } from '../sms/sms-texts';
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
const MESSAGE_ID = /^[0-9a-f-]{36}$/;

/**
 * SMS authorization over the challenge library: a code per operation step (chain = operation id
 * and name), bound to the user, the operation and its data, sent with its message in one
 * transaction; verified alone or together with the password. Every failure counts in the user's
 * consecutive failures across factors.
 */
@Injectable()
export class DataAdapterSmsService {
  private readonly logger = new Logger(DataAdapterSmsService.name);

  constructor(
    private readonly challenges: ChallengesService,
    private readonly users: DataAdapterUsersService,
    private readonly failures: UserFailures,
    private readonly config: DataAdapterConfig,
  ) {}

  /**
   * A request that itself names no user or an inactive account gets a success answer with a
   * fresh message id, and nothing is generated or sent (spec §4.3). A user the directory does
   * not know (or who has no phone) gets a challenge without a message, so resend spacing and
   * limits answer exactly as for a real user (nothing tells the two apart).
   */
  async create(input: SmsCreateInput) {
    if (!input.userId || input.accountStatus !== 'ACTIVE') {
      return { messageId: randomUUID(), smsDeliveryResult: 'SUCCEEDED' as const, errorMessage: null };
    }
    const user = await this.users.findActive(input.userId, input.organizationId);
    const phone = user?.phoneNumber ?? null;
    const challenge: IssueChallenge = {
      purpose: DA_SMS_PURPOSE,
      subject: input.operationId,
      step: input.operationName,
      channel: 'SMS',
      userId: user?.userId ?? input.userId,
      binding: bindingValues(user?.userId ?? input.userId, input.operationId, input.operationName, input.items),
      format: DA_SMS_FORMAT,
      policy: this.config.smsPolicy,
    };
    if (user && phone) {
      const language = input.lang || user.language;
      challenge.message = {
        channel: 'SMS',
        recipient: phone,
        render: (code) => ({ text: smsAuthorizationText(input.operationName, language, input.items, code) }),
      };
    }
    let issued;
    try {
      issued = await this.challenges.issue(challenge);
    } catch (error) {
      if (!(error instanceof ChallengeError)) throw error;
      return { messageId: randomUUID(), smsDeliveryResult: 'FAILED' as const, errorMessage: DELIVERY_FAILED };
    }
    if (!challenge.message) {
      this.logger.log({ operationId: input.operationId }, 'SMS code not sent: no active user with a phone number');
      return { messageId: issued.challengeId, smsDeliveryResult: 'SUCCEEDED' as const, errorMessage: null };
    }
    const sent = issued.delivery === 'SENT';
    this.logger.log(
      { messageId: issued.challengeId, operationId: input.operationId, delivery: issued.delivery },
      'SMS code sent',
    );
    return {
      messageId: issued.challengeId,
      smsDeliveryResult: sent ? ('SUCCEEDED' as const) : ('FAILED' as const),
      errorMessage: sent ? null : DELIVERY_FAILED,
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
    const outcome = smsVerification(await this.attempt(input, false));
    return {
      smsAuthorizationResult: outcome.result,
      errorMessage: outcome.errorMessage,
      remainingAttempts: outcome.remainingAttempts,
      showRemainingAttempts: false,
    };
  }

  /**
   * Both factors are always checked (no short-circuit); the code is spent only when both pass,
   * so a correct code may be entered again while only the password failed (spec §4.5). One
   * attempt counts at most one failure against the user, and the count resets only when both
   * factors passed.
   */
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
    const attempt = await this.attempt(input, true);
    const sms = smsVerification(attempt);
    const user = await this.users.checkPassword(
      { ...password, userId: input.userId, organizationId: input.organizationId },
      { resetFailures: false },
    );
    let smsResult: string = sms.result;
    if (sms.result === 'SUCCEEDED' && user.authenticationResult === 'SUCCEEDED') {
      if (await this.challenges.consume(DA_SMS_PURPOSE, input.messageId as string)) {
        await this.failures.recordSuccess(input.userId);
      } else {
        smsResult = 'FAILED';
      }
    } else if (wrongAnswer(attempt) && user.authenticationResult === 'SUCCEEDED') {
      // the password was right, so the wrong code is this attempt's one failure
      await this.failures.recordFailure(input.userId, 'SMS');
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

  /**
   * One verification of the code named by the message id. With the password (`withPassword`), a
   * right code stays usable until consumed and failures are counted once per attempt by the caller.
   */
  private attempt(input: SmsVerifyInput, withPassword: boolean): Promise<VerifyOutcome> {
    const { messageId } = input;
    if (typeof messageId !== 'string' || !MESSAGE_ID.test(messageId)) return Promise.resolve({ outcome: 'NOT_FOUND' });
    const name = input.operationName ?? '';
    const binding = operationBinding(name, input.formData);
    const items = 'items' in binding ? binding.items : [`invalid:${binding.invalid}`];
    return this.challenges.verify({
      purpose: DA_SMS_PURPOSE,
      challengeId: messageId,
      code: input.authorizationCode,
      binding: bindingValues(input.userId ?? '', input.operationId ?? '', name, items),
      ...(withPassword ? { deferUse: true, countFailure: false, resetFailures: false } : {}),
    });
  }
}

/** What a code is bound to: the user, the operation and its data (data that binds nothing never matches). */
function bindingValues(
  userId: string,
  operationId: string,
  operationName: string,
  items: string[],
): Record<string, string> {
  return { userId, operationId, operationName, items: JSON.stringify(items) };
}

function wrongAnswer(outcome: VerifyOutcome): boolean {
  return outcome.outcome === 'WRONG' || (outcome.outcome === 'EXHAUSTED' && outcome.burnedNow);
}
