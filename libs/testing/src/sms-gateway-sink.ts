import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpSink } from './http-sink';

export interface ReceivedSms {
  to: string;
  text: string;
  messageId: string;
}

/**
 * A real HTTP SMS gateway for tests (POST {"to","text","messageId"}): records what it accepted;
 * `failWith(503)` makes it refuse, `goDown()` closes the port (connection refused), `comeBack()`
 * listens on the same port again; `hang(true)` never answers; `delay(ms)` answers late.
 * The Idempotency-Key header of each accepted message is kept in `idempotencyKeys`.
 */
export class SmsGatewaySink extends HttpSink {
  readonly messages: ReceivedSms[] = [];
  /** Every request, including refused ones. */
  readonly requests: unknown[] = [];
  /** The Idempotency-Key header of each accepted message ('' when missing), in order. */
  readonly idempotencyKeys: string[] = [];
  /** The most requests it was answering at the same time. */
  maxConcurrent = 0;
  private latencyMs = 0;
  private concurrent = 0;
  private status = 200;
  private hanging = false;

  private constructor() {
    super('/sms');
  }

  static async start(): Promise<SmsGatewaySink> {
    const sink = new SmsGatewaySink();
    await sink.listen();
    return sink;
  }

  /** Answer every request with this status (e.g. 503) without accepting it; 200 accepts again. */
  failWith(status: number): void {
    this.status = status;
  }

  /** Accepts connections but never answers (senders run into their timeout). */
  hang(on: boolean): void {
    this.hanging = on;
  }

  /** Answers each request only after this long (a slow gateway); 0 answers at once. */
  delay(ms: number): void {
    this.latencyMs = ms;
  }

  /** Message ids accepted more than once (a sender repeated a message it had handed over). */
  duplicates(): string[] {
    const seen = new Map<string, number>();
    for (const { messageId } of this.messages) seen.set(messageId, (seen.get(messageId) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** Listens again on the same port, accepting messages. */
  override async comeBack(): Promise<void> {
    this.status = 200;
    await super.comeBack();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    res.on('close', () => this.concurrent--);
    this.requests.push(body);
    if (this.hanging) return; // the socket is destroyed on close
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (req.method !== 'POST' || !isSms(body)) {
      res.writeHead(400).end();
      return;
    }
    if (this.status < 200 || this.status > 299) {
      res.writeHead(this.status).end();
      return;
    }
    this.messages.push({ to: body.to, text: body.text, messageId: body.messageId });
    this.idempotencyKeys.push(String(req.headers['idempotency-key'] ?? ''));
    res.writeHead(this.status, { 'content-type': 'application/json' }).end('{"accepted":true}');
  }
}

function isSms(body: unknown): body is ReceivedSms {
  const b = body as Partial<ReceivedSms> | undefined;
  return typeof b?.to === 'string' && typeof b.text === 'string' && typeof b.messageId === 'string';
}
