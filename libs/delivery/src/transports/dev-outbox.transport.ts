import { Transport } from './transport';

/** No transport configured: the message stays in the outbox, readable at /admin/dev-outbox. */
export class DevOutboxTransport implements Transport {
  readonly name = 'DEV_OUTBOX';

  async send(): Promise<void> {}
}
