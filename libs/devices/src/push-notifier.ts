import { Injectable, Logger } from '@nestjs/common';
import { DeliveryConfig, DeliveryService } from '@app/delivery';

export interface PushNotification {
  deviceId: string;
  approvalId: string;
  /** The approval's expiry: the notification is never delivered after it. */
  expiresAt: Date;
}

/**
 * The bridge to FCM/APNs: with PUSH_NOTIFY_URL set, each new approval goes through the outbox
 * as `POST {"deviceId","approvalId"}` (retried until the approval expires). Without it,
 * devices poll `GET /device/v1/approvals`.
 */
@Injectable()
export class PushNotifier {
  private readonly logger = new Logger(PushNotifier.name);

  constructor(
    private readonly delivery: DeliveryService,
    private readonly deliveryConfig: DeliveryConfig,
  ) {}

  get enabled(): boolean {
    return this.deliveryConfig.pushNotifyUrl !== undefined;
  }

  /**
   * Queues the notifications and tries them at once without holding up the caller; one that
   * is not accepted now stays in the outbox for the retry job.
   */
  notify(notifications: PushNotification[]): void {
    if (!this.enabled) return;
    for (const n of notifications) {
      this.delivery
        .sendNow({
          channel: 'PUSH',
          recipient: n.deviceId,
          text: JSON.stringify({ deviceId: n.deviceId, approvalId: n.approvalId }),
          expiresAt: n.expiresAt,
          correlationId: n.approvalId,
        })
        .catch((error: unknown) => this.logger.error({ err: error, approvalId: n.approvalId }, 'Push not queued'));
    }
  }
}
