import { Envelope, Transport, TransportError, httpSendFailure } from './transport';

/**
 * POST of the notification (the message text, JSON `{"deviceId","approvalId"}`) to
 * PUSH_NOTIFY_URL, the bank's bridge to FCM/APNs; any 2xx means accepted.
 */
export class PushBridgeTransport implements Transport {
  readonly name = 'PUSH_BRIDGE';

  constructor(private readonly url: URL) {}

  async send(envelope: Envelope, timeoutMs: number): Promise<void> {
    let status: number;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-message-id': envelope.messageId },
        body: envelope.text,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      throw httpSendFailure(error, 'push bridge', timeoutMs);
    }
    if (status < 200 || status > 299) throw new TransportError(`push bridge answered HTTP ${status}`);
  }
}
