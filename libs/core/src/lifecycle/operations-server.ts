import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { BASIC_CHALLENGE } from '../http/dialects/wire-dialect';
import { Metrics } from '../metrics/metrics';
import { ApiClientsService } from '../security/api-clients.service';

const PING_TIMEOUT_MS = 3000;

/**
 * /health and /metrics for a deployable without the HTTP API (the worker), on its own port.
 * /health answers like the API's (200 when the database answers, 503 otherwise); /metrics needs
 * an API client with the `metrics` scope, as on the API.
 */
@Injectable()
export class OperationsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(OperationsServer.name);
  private server?: Server;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
    private readonly clients: ApiClientsService,
  ) {}

  /** Listens; resolves with the bound port (port 0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => {
      this.answer(req, res).catch((error: unknown) => {
        this.logger.error({ err: error }, 'Operations endpoint failed');
        if (!res.headersSent) send(res, 500, 'application/json', '{"status":"error"}');
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || (path !== '/health' && path !== '/metrics')) {
      return send(res, 404, 'application/json', '{"status":"error","message":"Not found"}');
    }
    if (path === '/health') {
      const up = await this.databaseAnswers();
      const body = { status: up ? 'ok' : 'error', details: { database: { status: up ? 'up' : 'down' } } };
      return send(res, up ? 200 : 503, 'application/json', JSON.stringify(body));
    }
    const principal = await this.authenticate(req.headers.authorization);
    if (!principal) {
      res.setHeader('WWW-Authenticate', BASIC_CHALLENGE);
      return send(res, 401, 'application/json', '{"status":"error","message":"Authentication required"}');
    }
    if (!principal.scopes.includes('metrics')) {
      return send(res, 403, 'application/json', '{"status":"error","message":"The metrics scope is required"}');
    }
    const { contentType, body } = await this.metrics.render();
    send(res, 200, contentType, body);
  }

  private async authenticate(header: string | undefined) {
    const match = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) return null;
    return this.clients.authenticate(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS)));
    try {
      return await Promise.race([this.dataSource.query('SELECT 1').then(() => true), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}
