import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP endpoint standing in for the bank's push bridge (PUSH_NOTIFY_URL): records every
 * accepted `{"deviceId","approvalId"}`; `goDown()` closes the port, `comeBack()` reopens it.
 */
export class PushBridgeSink {
  readonly received: Array<{ deviceId: string; approvalId: string }> = [];
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor() {
    this.server = this.createServer();
  }

  static async start(): Promise<PushBridgeSink> {
    const sink = new PushBridgeSink();
    await sink.listen(0);
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/push`;
  }

  async goDown(): Promise<void> {
    if (!this.server.listening) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async comeBack(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  close(): Promise<void> {
    return this.goDown();
  }

  /** Waits until `count` notifications arrived (the first attempt runs after the answer). */
  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`push bridge got ${this.received.length} of ${count}`);
      await new Promise((r) => setTimeout(r, 20));
    }
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (Object.keys(body).sort().join() !== 'approvalId,deviceId') throw new Error('unexpected body');
      this.received.push(body);
      res.writeHead(202).end();
    } catch {
      res.writeHead(400).end();
    }
  }
}
