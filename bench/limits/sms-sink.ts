import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The SMS gateway of the benchmark (POST {"to","text","messageId"} on 127.0.0.1): hands each
 * code to the worker waiting for its user's phone, keeping nothing else.
 */
export class SmsSink {
  private readonly waiting = new Map<string, (code: string) => void>();
  private readonly early = new Map<string, string>();
  private server!: Server;
  received = 0;

  static async start(): Promise<SmsSink> {
    const sink = new SmsSink();
    sink.server = createServer((req, res) => sink.accept(req, res));
    sink.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sms`;
  }

  /**
   * The code of the next SMS to this phone (waits at most 10 s). Call before the create: a code
   * that arrived earlier belongs to an earlier (failed) round trip and is dropped.
   */
  next(phone: string): Promise<string> {
    this.early.delete(phone);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(phone);
        reject(new Error(`no SMS to ${phone} within 10 s`));
      }, 10_000);
      this.waiting.set(phone, (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  private accept(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      this.received++;
      const { to, text } = JSON.parse(body) as { to: string; text: string };
      const code = /\b(\d{8})\b(?!.*\b\d{8}\b)/s.exec(text)?.[1] ?? '';
      const waiter = this.waiting.get(to);
      if (waiter) {
        this.waiting.delete(to);
        waiter(code);
      } else {
        this.early.set(to, code);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ACCEPTED"}');
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
