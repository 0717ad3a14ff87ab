import type { Channel, TransportName } from '../outbox-message.entity';

export interface Envelope {
  messageId: string;
  recipient: string;
  subject: string | null;
  text: string;
}

/** Hands one message to the outside world; rejects when it was not accepted in time. */
export interface Transport {
  readonly name: TransportName;
  send(envelope: Envelope, timeoutMs: number): Promise<void>;
}

/** Failure of a transport: the message says what went wrong, never what was being sent. */
export class TransportError extends Error {}

export const TRANSPORTS = Symbol('TRANSPORTS');
export type Transports = Record<Channel, Transport>;
