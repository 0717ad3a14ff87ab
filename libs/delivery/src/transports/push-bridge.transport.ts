import { Envelope, Transport, TransportError } from './transport';

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
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new TransportError(`push bridge timeout ${timeoutMs} ms`);
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new TransportError(`push bridge unreachable${cause ? ` (${cause})` : ''}`);
    }
    if (status < 200 || status > 299) throw new TransportError(`push bridge answered HTTP ${status}`);
  }
}
