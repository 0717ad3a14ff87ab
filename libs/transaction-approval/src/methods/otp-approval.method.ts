import { ChallengeError, ChallengesService, DIGITS, IssuedChallenge } from '@app/challenges';
import { OutboxQueries } from '@app/delivery';
import type { UserView } from '@app/users';
import { TransactionApprovalError } from '../errors';
import { pickMessage } from '../flows/flow.types';
import { MessageRenderer } from '../messages/message-renderer';
import type { ApprovalPromptState } from '../sessions/session-states';
import type { SessionView } from '../sessions/session.view';
import { ApprovalContext, ApprovalMethod, ApprovalStart, CodeCheckOutcome } from './approval-method';

/** The challenge chain of a session: one live code per session and method. */
export const CHALLENGE_PURPOSE = 'transaction-approval';

/**
 * A code sent to the user's contact (e-mail or SMS) with the transaction data, bound to the
 * linked values (spec §5, §6). The challenge library queues the message in the session's
 * transaction, so code and message commit together, and tries it once after the commit.
 */
export abstract class OtpApprovalMethod implements ApprovalMethod {
  abstract readonly name: 'EMAIL_OTP' | 'MTAN';
  abstract readonly promptState: ApprovalPromptState;
  protected abstract readonly channel: 'EMAIL' | 'SMS';
  /** The prompt attribute naming where the code went (emailAddress, phoneNumber). */
  protected abstract readonly contactAttribute: string;
  /** The channel's length limit of the text (SMS 160), none for e-mail. */
  protected abstract readonly maxLength?: number;
  protected abstract contactOf(user: UserView): string | null;
  protected abstract mask(contact: string): string;

  constructor(
    protected readonly challenges: ChallengesService,
    protected readonly renderer: MessageRenderer,
    protected readonly outbox: OutboxQueries,
  ) {}

  start(context: ApprovalContext): Promise<ApprovalStart> {
    return this.issue(context, 'code-sent');
  }

  resend(context: ApprovalContext): Promise<ApprovalStart> {
    return this.issue(context, 'code-resent');
  }

  async checkCode(context: ApprovalContext, code: string): Promise<CodeCheckOutcome> {
    const result = await this.challenges.verify({
      purpose: CHALLENGE_PURPOSE,
      subject: context.session.sessionId,
      step: this.name,
      code,
      binding: context.linked,
    });
    switch (result.outcome) {
      case 'VERIFIED':
        return { outcome: 'APPROVED' };
      case 'WRONG':
        return { outcome: 'WRONG', remainingAttempts: result.remainingTries };
      case 'EXHAUSTED':
        return { outcome: 'EXHAUSTED' };
      case 'LOCKED':
        return { outcome: 'LOCKED', lockedUntil: result.lockedUntil };
      default:
        return { outcome: 'EXPIRED' }; // EXPIRED, used, or no live code any more (replaced, cleaned up)
    }
  }

  async end(session: SessionView): Promise<void> {
    await this.challenges.invalidate(CHALLENGE_PURPOSE, session.sessionId);
  }

  private async issue(context: ApprovalContext, event: 'code-sent' | 'code-resent'): Promise<ApprovalStart> {
    const { flow, user, session } = context;
    const contact = this.contactOf(user);
    if (!contact) throw new TransactionApprovalError('NO_CONTACT', `The user has no ${this.contactAttribute}.`);
    const message = pickMessage(flow.messages, user.language, context.parameters.type);
    if (!message)
      throw new TransactionApprovalError('MESSAGE_TOO_LONG', 'The flow has no message for this transaction.');
    const render = (code: string) => this.renderer.render(message, context.parameters, code, this.maxLength);
    render('0'.repeat(flow.otpLength)); // refuses a text over the limit before any code exists
    let issued: IssuedChallenge;
    try {
      issued = await this.challenges.issue({
        purpose: CHALLENGE_PURPOSE,
        subject: session.sessionId,
        step: this.name,
        channel: this.channel,
        userId: user.userId,
        binding: context.linked,
        format: { alphabet: DIGITS, length: flow.otpLength },
        policy: {
          lifetimeSeconds: flow.otpValiditySeconds,
          maxTries: flow.maxWrongOtpChecks + 1,
          resendSpacingSeconds: flow.resendDelaySeconds,
          maxResends: flow.maxOtpResends,
        },
        recipient: contact,
        message: { channel: this.channel, recipient: contact, render },
      });
    } catch (error) {
      // Same codes on this API; retryAfterSeconds becomes Retry-After.
      if (error instanceof ChallengeError) throw new TransactionApprovalError(error.code, error.message, error.details);
      throw error;
    }
    const { challengeId } = issued;
    return {
      attributes: {
        [this.contactAttribute]: flow.maskContact ? this.mask(contact) : contact,
        resendPossible: issued.resendsLeft === null || issued.resendsLeft > 0,
      },
      events: [
        { type: event, data: { channel: this.channel, challengeId, expiresAt: issued.expiresAt.toISOString() } },
      ],
      // The first delivery attempt runs after the commit; a failed one is retried by the outbox
      // until the code expires, and the answer says so.
      afterCommit: async () => ((await this.deliveryFailed(challengeId)) ? { deliveryFailed: true } : {}),
    };
  }

  private async deliveryFailed(challengeId: string): Promise<boolean> {
    const [messages] = await this.outbox.messages({ correlationId: challengeId, page: 0, size: 1 });
    return messages.length === 1 && messages[0].status !== 'SENT';
  }
}
