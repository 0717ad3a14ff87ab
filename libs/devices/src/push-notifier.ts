import { Injectable } from '@nestjs/common';
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
  constructor(
    private readonly delivery: DeliveryService,
    private readonly deliveryConfig: DeliveryConfig,
  ) {}

  get enabled(): boolean {
    return this.deliveryConfig.pushNotifyUrl !== undefined;
  }

  /**
   * Queues the notifications in the caller's transaction, so they commit with the approvals
   * (none is lost in a crash, none goes out for an approval that rolled back); the outbox tries
   * each once after the commit and leaves one not accepted to the retry job.
   */
  async notify(notifications: PushNotification[]): Promise<void> {
    if (!this.enabled) return;
    for (const n of notifications) {
      await this.delivery.enqueue({
        channel: 'PUSH',
        recipient: n.deviceId,
        text: JSON.stringify({ deviceId: n.deviceId, approvalId: n.approvalId }),
        expiresAt: n.expiresAt,
        correlationId: n.approvalId,
      });
    }
  }
}
