import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createRootLogger, formatSecondsTimestamp } from '@app/core';
import { loggedFastify, serveBare } from './bare-server';

/**
 * The limits beside the status route: the same answer from bare node:http and from bare
 * Fastify, each writing the same request log lines as stepwise with the same pino logger
 * (createRootLogger: level, redaction, serializers, destination). No Nest, no guards, no
 * interceptors, no helmet. `node bare.js node|fastify`; reports its port over IPC.
 */
const logger = createRootLogger({ logLevel: 'info' });
const PATH = '/next-step/api/service/status';

function statusBody(): string {
  return JSON.stringify({
    status: 'OK',
    responseObject: {
      applicationName: 'powerauth-nextstep',
      applicationDisplayName: 'stepwise Next Step Server',
      applicationEnvironment: 'production',
      version: '0.1.0',
      buildTime: '2026-01-01T00:00:00+0000',
      timestamp: formatSecondsTimestamp(new Date()),
    },
  });
}

async function bareNode(): Promise<number> {
  const server = createServer((req, res) => {
    const started = performance.now();
    // the one line stepwise writes per request (logRequest)
    const log = logger.child({ requestId: randomUUID() });
    res.on('finish', () =>
      log.info({ req, res, route: PATH, responseTime: performance.now() - started }, 'request completed'),
    );
    if (req.method === 'GET' && req.url === PATH) {
      const body = statusBody();
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function bareFastify(): Promise<number> {
  const app = loggedFastify(logger);
  app.get(PATH, async (_request, reply) => reply.type('application/json; charset=utf-8').send(statusBody()));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

serveBare(process.argv[2] === 'fastify' ? bareFastify : bareNode, logger);
