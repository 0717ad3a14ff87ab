import { HttpPoster } from './http-poster';
import { Envelope, Transport, TransportError, httpSendFailure } from './transport';

/**
 * POST of the notification (the message text, JSON `{"deviceId","approvalId"}`) to
 * PUSH_NOTIFY_URL, the bank's bridge to FCM/APNs; any 2xx means accepted.
 */
export class PushBridgeTransport implements Transport {
  readonly name = 'PUSH_BRIDGE';

  private readonly poster: HttpPoster;

  constructor(url: URL) {
    this.poster = new HttpPoster(url);
  }

  async send(envelope: Envelope, timeoutMs: number): Promise<void> {
    let status: number;
    try {
      status = await this.poster.post(
        { 'content-type': 'application/json', 'x-message-id': envelope.messageId },
        envelope.text,
        timeoutMs,
      );
    } catch (error) {
      throw httpSendFailure(error, 'push bridge', timeoutMs);
    }
    if (status < 200 || status > 299) throw new TransportError(`push bridge answered HTTP ${status}`);
  }
}
