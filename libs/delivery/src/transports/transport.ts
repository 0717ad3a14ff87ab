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
export class TransportError extends Error {
  /**
   * `outcomeUnknown`: the message may have reached the other side (no answer in time, the
   * connection cut after the request went out), so a retry may deliver it twice.
   */
  constructor(
    message: string,
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}

/** Connection errors that prove the request never reached the other side. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A failed POST to `what` (e.g. "gateway") as a TransportError, its outcome known or not. */
export function httpSendFailure(error: unknown, what: string, timeoutMs: number): TransportError {
  const name = (error as Error).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return new TransportError(`${what} timeout ${timeoutMs} ms`, true);
  const code = (error as { code?: unknown }).code;
  const cause = typeof code === 'string' ? code : undefined;
  return new TransportError(`${what} unreachable${cause ? ` (${cause})` : ''}`, !cause || !NOT_SENT.has(cause));
}

export const TRANSPORTS = Symbol('TRANSPORTS');
export type Transports = Record<Channel, Transport>;
