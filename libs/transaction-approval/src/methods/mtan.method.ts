import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChallengesService } from '@app/challenges';
import { OutboxQueries } from '@app/delivery';
import { maskPhone, type UserView } from '@app/users';
import { MessageRenderer, SMS_MAX_LENGTH } from '../messages/message-renderer';
import { ApprovalMethods } from './approval-method';
import { OtpApprovalMethod } from './otp-approval.method';

/** MTAN: the code and the transaction data by SMS (the HTTP gateway through the outbox). */
@Injectable()
export class MtanMethod extends OtpApprovalMethod implements OnModuleInit {
  readonly name = 'MTAN' as const;
  readonly promptState = 'MTAN_OTP_CHECK_REQUIRED' as const;
  protected readonly channel = 'SMS' as const;
  protected readonly contactAttribute = 'phoneNumber';
  protected readonly maxLength = SMS_MAX_LENGTH;

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
    return user.phoneNumber;
  }

  protected mask(contact: string): string {
    return maskPhone(contact);
  }
}
