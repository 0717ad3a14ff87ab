import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedSms {
  to: string;
  text: string;
  messageId: string;
}

/**
 * A real HTTP SMS gateway for tests (POST {"to","text","messageId"}): records what it accepted;
 * `failWith(503)` makes it refuse, `goDown()` closes the port (connection refused), `comeBack()`
 * listens on the same port again; `hang(true)` never answers.
 */
export class SmsGatewaySink {
  readonly messages: ReceivedSms[] = [];
  /** Every request, including refused ones. */
  readonly requests: unknown[] = [];
  private status = 200;
  private hanging = false;
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor() {
    this.server = this.createServer();
  }

  static async start(): Promise<SmsGatewaySink> {
    const sink = new SmsGatewaySink();
    await sink.listen(0);
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/sms`;
  }

  /** Answer every request with this status (e.g. 503) without accepting it; 200 accepts again. */
  failWith(status: number): void {
    this.status = status;
  }

  /** Accepts connections but never answers (senders run into their timeout). */
  hang(on: boolean): void {
    this.hanging = on;
  }

  /** Stops listening: senders get connection refused. */
  async goDown(): Promise<void> {
    await this.stop();
  }

  /** Listens again on the same port, accepting messages. */
  async comeBack(): Promise<void> {
    this.status = 200;
    this.server = this.createServer();
    await this.listen(this.port);
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private createServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private stop(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    this.requests.push(body);
    if (this.hanging) return; // the socket is destroyed on close
    if (req.method !== 'POST' || !isSms(body)) {
      res.writeHead(400).end();
      return;
    }
    if (this.status < 200 || this.status > 299) {
      res.writeHead(this.status).end();
      return;
    }
    this.messages.push({ to: body.to, text: body.text, messageId: body.messageId });
    res.writeHead(this.status, { 'content-type': 'application/json' }).end('{"accepted":true}');
  }
}

function isSms(body: unknown): body is ReceivedSms {
  const b = body as Partial<ReceivedSms> | undefined;
  return typeof b?.to === 'string' && typeof b.text === 'string' && typeof b.messageId === 'string';
}
