import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock, Transactions } from '@app/core';
import { ChallengesService } from '@app/challenges';
import { DA_SMS_PURPOSE } from '../sms/sms-policy';
import { OperationNotification } from '../operation-notification.entity';

export interface NotificationInput {
  operationId: string;
  operationName: string | null | undefined;
  userId: string | null | undefined;
  organizationId: string | null | undefined;
}

/** Records what Web Flow tells the adapter about an operation; an ended operation's SMS codes stop working. */
@Injectable()
export class OperationNotificationsService {
  private readonly logger = new Logger(OperationNotificationsService.name);

  constructor(
    @InjectRepository(OperationNotification) private readonly notifications: Repository<OperationNotification>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly challenges: ChallengesService,
  ) {}

  async formDataChanged(
    input: NotificationInput,
    change: string,
    details: Record<string, string | null>,
  ): Promise<void> {
    await this.record(input, 'FORM_DATA_CHANGE', change, details);
  }

  /** DONE, CANCELED or FAILED: the operation is over, so none of its codes may verify any more. */
  async operationChanged(input: NotificationInput, change: string): Promise<void> {
    await this.record(input, 'OPERATION_CHANGE', change, {});
    await this.challenges.invalidate(DA_SMS_PURPOSE, input.operationId);
  }

  ofOperation(operationId: string): Promise<OperationNotification[]> {
    return this.notifications.find({ where: { operationId }, order: { createdAt: 'ASC' } });
  }

  private async record(
    input: NotificationInput,
    kind: OperationNotification['kind'],
    change: string,
    details: Record<string, string | null>,
  ): Promise<void> {
    await this.transactions.run((em) =>
      em.insert(OperationNotification, {
        notificationId: randomUUID(),
        operationId: input.operationId,
        operationName: input.operationName?.slice(0, 32) ?? null,
        userId: input.userId?.slice(0, 256) ?? null,
        organizationId: input.organizationId?.slice(0, 256) ?? null,
        kind,
        change,
        details,
        createdAt: this.clock.now(),
      }),
    );
    this.logger.log({ operationId: input.operationId, kind, change }, 'Operation notification recorded');
  }
}
