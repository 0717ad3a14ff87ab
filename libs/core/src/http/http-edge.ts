import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What Fastify answers by itself, before a route or the Nest exception filter runs: unreadable
 * URLs, over-long path parameters, oversized headers, bodies nested too deep. Each is answered
 * through the same responder as every other error, in the dialect of the mount, with a request id
 * and a log line, and never echoing the URL.
 */

/** Deepest accepted JSON body: deeper ones are refused before parsing (class-transformer recursed on them). */
export const MAX_JSON_DEPTH = 64;

/** How the HTTP edge reaches the error responder, which exists only once Nest has built its providers. */
export interface EdgeResponder {
  /** An error during routing, with Fastify's request and reply. */
  respond(error: unknown, request: FastifyRequest, reply: FastifyReply): void;
  /** Status and body for an error where only the path is known (no request object exists). */
  render(error: unknown, path: string, requestId: string): { status: number; body: unknown };
}

/** How the HTTP adapter reaches the dialects for the body of a controller's result. */
export interface EdgeRenderer {
  render(url: string, result: unknown): unknown;
}

const EDGE = Symbol.for('stepwise.httpEdge');
type EdgeHolder = { responder?: EdgeResponder; renderer?: EdgeRenderer };

/** Installs the responder (the API exception filter) on the Fastify instance of the app. */
export function setEdgeResponder(fastify: FastifyInstance, responder: EdgeResponder): void {
  ((fastify as unknown as Record<symbol, EdgeHolder>)[EDGE] ??= {}).responder = responder;
}

/** Installs the renderer of controller results (the dialects) on the Fastify instance of the app. */
export function setEdgeRenderer(fastify: FastifyInstance, renderer: EdgeRenderer): void {
  ((fastify as unknown as Record<symbol, EdgeHolder>)[EDGE] ??= {}).renderer = renderer;
}

export function edgeOf(fastify: FastifyInstance): EdgeHolder {
  return ((fastify as unknown as Record<symbol, EdgeHolder>)[EDGE] ??= {});
}

/** A refused body; code and status as Fastify's own body errors, so toApiError maps it alike. */
export class JsonTooDeepError extends Error {
  readonly code = 'FST_ERR_CTP_JSON_TOO_DEEP';
  readonly statusCode = 400;
  constructor() {
    super(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}

/** Nesting depth of JSON text, counted without parsing (brackets inside strings do not count). */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Fastify's JSON parser (prototype poisoning refused), behind a depth check. */
export function installJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) return done(new JsonTooDeepError(), undefined);
    void parse(request, body as string, done);
  });
}

/** Fastify's `frameworkErrors` option: bad URL encoding, path parameters over maxParamLength. */
export function frameworkErrorsOf(getFastify: () => FastifyInstance) {
  return (error: Error, request: FastifyRequest, reply: FastifyReply): void => {
    void reply.header('x-request-id', request.id); // no route, so no onSend or onResponse hook runs
    reply.raw.once('finish', () =>
      request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed'),
    );
    const responder = edgeOf(getFastify()).responder;
    if (responder) return responder.respond(error, request, reply);
    void reply.status((error as { statusCode?: number }).statusCode ?? 400).send({ requestId: request.id });
  };
}

/** The request line of a request Node could not finish parsing, when it is readable. */
function pathOfRawPacket(raw: unknown): string {
  if (!Buffer.isBuffer(raw)) return '/';
  const line = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1').split('\r\n', 1)[0];
  const target = line.split(' ')[1] ?? '/';
  return target.startsWith('/') ? target : '/';
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'BAD_REQUEST', message: 'The request took too long to arrive.' },
};

/** The HTTP-level error of a request Node refused while parsing it (no Fastify request exists). */
export class ClientProtocolError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fastify's `clientErrorHandler`: a request whose headers are too large (431) or unparsable
 * (400) gets a complete answer in its mount's dialect with `Connection: close`, is logged with
 * a request id, and the socket is then closed (it cannot be reused).
 */
export function clientErrorHandlerOf(getFastify: () => FastifyInstance) {
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[error.code ?? ''] ?? {
      status: 400,
      code: 'BAD_REQUEST',
      message: 'The request could not be read.',
    };
    const requestId = randomUUID();
    const path = pathOfRawPacket(error.rawPacket);
    const fastify = getFastify();
    const responder = edgeOf(fastify).responder;
    const protocolError = new ClientProtocolError(known.code, known.status, known.message);
    const { status, body } = responder?.render(protocolError, path, requestId) ?? {
      status: known.status,
      body: { code: known.code, requestId },
    };
    fastify.log.warn(
      { requestId, res: { statusCode: status }, err: { code: error.code } },
      'Request refused while reading its headers',
    );
    if (socket.writable) {
      const text = JSON.stringify(body);
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
          `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${text}`,
      );
    } else {
      socket.destroy();
    }
  };
}
