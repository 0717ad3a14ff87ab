import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify, { FastifyReply, FastifyRequest, LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { requestContext } from '../logging/logger';
import { clientErrorHandlerOf, edgeOf, frameworkErrorsOf, installJsonParser } from './http-edge';
import { Metrics } from '../metrics/metrics';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's X-Request-Id is kept when well-formed, so one id follows a request across systems. */
function requestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Fastify with the process logger, request ids, a body limit, and JSON (at most MAX_JSON_DEPTH
 * deep) as the only body type. Errors Fastify answers by itself go through the app's error
 * responder (http-edge.ts). Each request is logged in ONE line when its answer has gone out
 * (method, url, route, status, time, request id) instead of Fastify's two.
 */
export function createHttpAdapter(config: AppConfig, logger: Logger): FastifyAdapter {
  const instance = () => adapter.getInstance();
  const adapter: FastifyAdapter = new DialectFastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: requestId,
    bodyLimit: config.bodyLimitBytes,
    // The transaction-approval API accepts every path with and without a trailing slash (its seeds use both).
    routerOptions: { ignoreTrailingSlash: true },
    // Fastify also takes a hop count, which its adapter typings omit.
    trustProxy: config.trustProxy as boolean | string,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorsOf(instance),
    clientErrorHandler: clientErrorHandlerOf(instance),
  });
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('text/plain'); // any body that is not JSON is answered with 415
  installJsonParser(fastify);
  // Everything after this hook (guards, services, their log lines, audit rows) sees the request id and IP.
  fastify.addHook('onRequest', (request, _reply, done) =>
    requestContext.run({ requestId: request.id, ip: request.ip }, done),
  );
  // callback hooks, not async ones: no promise per request and hook
  fastify.addHook('onSend', (request, reply, payload, done) => {
    void reply.header('x-request-id', request.id);
    done(null, payload);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    logRequest(request, reply);
    done();
  });
  fastify.addHook('onClose', (_instance, done) => {
    logger.flush();
    done();
  });
  return adapter;
}

/**
 * Nest's Fastify adapter, whose `reply` (how Nest's router sends a controller's result) writes the
 * result in the dialect of the called mount (DialectRenderer, installed by CoreHttpModule).
 * Errors never pass here: the exception filter sends them itself.
 */
class DialectFastifyAdapter extends FastifyAdapter {
  override reply(response: FastifyReply, body: unknown, statusCode?: number) {
    const renderer = edgeOf(this.getInstance()).renderer;
    const url = (response as Partial<FastifyReply>).request?.url;
    return super.reply(response, renderer && url !== undefined ? renderer.render(url, body) : body, statusCode);
  }
}

/** The one log line of a request (also used by the benchmark's bare Fastify, so both log alike). */
export function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  request.log.info(
    { req: request, res: reply, route: request.routeOptions.url, responseTime: reply.elapsedTime },
    'request completed',
  );
}

const HSTS = 'max-age=31536000; includeSubDomains';

const HELMET_OPTIONS = {
  hsts: false,
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:'],
      scriptSrc: [`'self'`, `'unsafe-inline'`],
      upgradeInsecureRequests: null,
    },
  },
};

/**
 * The headers @fastify/helmet sets with HELMET_OPTIONS, found once by asking it (on a throwaway
 * Fastify instance, against one without it). They depend on the options only (no nonces), while
 * the plugin builds helmet's whole middleware chain again for every request (some 3 % of the
 * server's CPU, issue 13).
 */
async function helmetHeaders(): Promise<Array<[string, string]>> {
  const probe = async (withHelmet: boolean) => {
    const fastify = Fastify();
    if (withHelmet) await fastify.register(helmet, HELMET_OPTIONS);
    fastify.get('/', (_request, reply) => reply.send('probe'));
    const answer = await fastify.inject('/');
    await fastify.close();
    return answer.headers;
  };
  const [secured, bare] = await Promise.all([probe(true), probe(false)]);
  return Object.entries(secured).flatMap(([name, value]) =>
    typeof value === 'string' && bare[name] === undefined ? [[name, value] as [string, string]] : [],
  );
}

/**
 * Security headers for every HTTP deployment of stepwise (main.ts adds stopOnSignal), those of
 * helmet with HELMET_OPTIONS. HSTS and the CSP's upgrade-insecure-requests go only on answers to
 * requests that came over TLS (directly, or per X-Forwarded-Proto from a proxy TRUST_PROXY names):
 * sent over plain HTTP they make the browser fetch Swagger UI's assets over HTTPS from a server
 * that has none, and the page stays blank.
 */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const headers = await helmetHeaders();
  // as helmet does: on the raw answer, before anything else runs
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
  const metrics = app.get(Metrics);
  // Route patterns (never the URL: ids would make a series per user), "unmatched" for 404s of no route.
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') {
      void reply.header('strict-transport-security', HSTS);
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') void reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    }
    done(null, payload);
  });
}
