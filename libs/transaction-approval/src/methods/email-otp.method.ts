import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChallengesService } from '@app/challenges';
import { OutboxQueries } from '@app/delivery';
import { maskEmail, type UserView } from '@app/users';
import { MessageRenderer } from '../messages/message-renderer';
import { ApprovalMethods } from './approval-method';
import { OtpApprovalMethod } from './otp-approval.method';

/** EMAIL_OTP: the code and the transaction data by e-mail (SMTP through the outbox). */
@Injectable()
export class EmailOtpMethod extends OtpApprovalMethod implements OnModuleInit {
  readonly name = 'EMAIL_OTP' as const;
  readonly promptState = 'EMAIL_OTP_CHECK_REQUIRED' as const;
  protected readonly channel = 'EMAIL' as const;
  protected readonly contactAttribute = 'emailAddress';
  protected readonly maxLength = undefined;

  constructor(
    challenges: ChallengesService,
    renderer: MessageRenderer,
    outbox: OutboxQueries,
    private readonly methods: ApprovalMethods,
  ) {
    super(challenges, renderer, outbox);
  }

  onModuleInit(): void {
    this.methods.register(this);
  }

  protected contactOf(user: UserView): string | null {
    return user.email;
  }

  protected mask(contact: string): string {
    return maskEmail(contact);
  }
}
