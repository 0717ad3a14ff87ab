import type { FastifyInstance } from 'fastify';

/** One request the server answered, as the route it matched (e.g. `/admin/users/:userId`). */
export interface RecordedAnswer {
  method: string;
  /** The route pattern; undefined when no route matched (404 of an unknown path). */
  route?: string;
  url: string;
  status: number;
  contentType?: string;
  body: string;
  requestBody: unknown;
}

/**
 * Records every answer of a test server, so a suite can check them against the OpenAPI document
 * (test/support/api-server.ts does it when the suite closes the server).
 */
export class AnswerRecorder {
  readonly answers: RecordedAnswer[] = [];

  install(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (request, reply, payload) => {
      this.answers.push({
        method: request.method,
        route: request.routeOptions.url,
        url: request.url,
        status: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? ''),
        body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '',
        requestBody: request.body,
      });
      return payload;
    });
  }
}
