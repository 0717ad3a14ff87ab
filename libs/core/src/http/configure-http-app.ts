import helmet from '@fastify/helmet';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { AppConfig } from '../config/app-config';
import { requestContext } from '../logging/logger';
import { clientErrorHandlerOf, frameworkErrorsOf, installJsonParser } from './http-edge';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A caller's X-Request-Id is kept when well-formed, so one id follows a request across systems. */
function requestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * Fastify with the process logger, request ids, a body limit, and JSON (at most MAX_JSON_DEPTH
 * deep) as the only body type. Errors Fastify answers by itself go through the app's error
 * responder (http-edge.ts).
 */
export function createHttpAdapter(config: AppConfig, logger: Logger): FastifyAdapter {
  const instance = () => adapter.getInstance();
  const adapter: FastifyAdapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestId,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorsOf(instance),
    clientErrorHandler: clientErrorHandlerOf(instance),
  });
  const fastify = adapter.getInstance();
  fastify.removeContentTypeParser('text/plain'); // any body that is not JSON is answered with 415
  installJsonParser(fastify);
  // Everything after this hook (guards, services, their log lines) sees the request id.
  fastify.addHook('onRequest', (request, _reply, done) => requestContext.run({ requestId: request.id }, done));
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  return adapter;
}

/** Security headers and graceful shutdown, for every HTTP deployment of stepwise. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  app.enableShutdownHooks();
}
