import { Envelope, Transport, TransportError, httpSendFailure } from './transport';

/**
 * POST {"to","text","messageId"} as JSON to SMS_GATEWAY_URL; any 2xx means accepted. Delivery is
 * at least once: a message whose acceptance was not recorded (the process died in between) is
 * sent again with the same messageId, which also goes in the Idempotency-Key header so the
 * gateway can drop the repeat.
 */
export class SmsGatewayTransport implements Transport {
  readonly name = 'SMS_GATEWAY';

  constructor(private readonly url: URL) {}

  async send(envelope: Envelope, timeoutMs: number): Promise<void> {
    let status: number;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': envelope.messageId },
        body: JSON.stringify({ to: envelope.recipient, text: envelope.text, messageId: envelope.messageId }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (error) {
      throw httpSendFailure(error, 'gateway', timeoutMs);
    }
    if (status < 200 || status > 299) throw new TransportError(`gateway answered HTTP ${status}`);
  }
}
