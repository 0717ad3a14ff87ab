import { HttpPoster } from './http-poster';
import { Envelope, Transport, TransportError, httpSendFailure } from './transport';

/**
 * POST {"to","text","messageId"} as JSON to SMS_GATEWAY_URL; any 2xx means accepted. Delivery is
 * at least once: a message whose acceptance was not recorded (the process died in between) is
 * sent again with the same messageId, which also goes in the Idempotency-Key header so the
 * gateway can drop the repeat.
 */
export class SmsGatewayTransport implements Transport {
  readonly name = 'SMS_GATEWAY';

  private readonly poster: HttpPoster;

  constructor(url: URL) {
    this.poster = new HttpPoster(url);
  }

  async send(envelope: Envelope, timeoutMs: number): Promise<void> {
    let status: number;
    try {
      status = await this.poster.post(
        { 'content-type': 'application/json', 'idempotency-key': envelope.messageId },
        JSON.stringify({ to: envelope.recipient, text: envelope.text, messageId: envelope.messageId }),
        timeoutMs,
      );
    } catch (error) {
      throw httpSendFailure(error, 'gateway', timeoutMs);
    }
    if (status < 200 || status > 299) throw new TransportError(`gateway answered HTTP ${status}`);
  }
}
