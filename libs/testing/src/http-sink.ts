import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP endpoint on loopback standing in for a service stepwise calls (SMS gateway, push
 * bridge): subclasses answer each request in `handle` with its body already read and parsed
 * (undefined when it is not JSON). `goDown()` closes the port (connection refused),
 * `comeBack()` listens on the same port again.
 */
export abstract class HttpSink {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  protected constructor(private readonly path: string) {
    this.server = this.createServer();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}${this.path}`;
  }

  /** Stops listening: senders get connection refused. */
  async goDown(): Promise<void> {
    if (!this.server.listening) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async comeBack(): Promise<void> {
    this.server = this.createServer();
    await this.listen(this.port);
  }

  close(): Promise<void> {
    return this.goDown();
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> | void;

  /** Listens on a free port; subclasses' `start()` call this once. */
  protected listen(port = 0): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private createServer(): Server {
    const server = createServer((req, res) => void this.receive(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = undefined;
    }
    await this.handle(req, res, body);
  }
}
