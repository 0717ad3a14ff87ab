import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock } from '../clock/clock';
import { toApiError } from './api-error';
import { BASIC_CHALLENGE } from './dialects/wire-dialect';
import { WireDialects } from './dialects/wire-dialects';

/**
 * The one place where failures become HTTP answers: normalise, log unexpected causes (never
 * into the body), and let the dialect of the called API write the body.
 */
@Catch()
@Injectable()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(
    private readonly dialects: WireDialects,
    private readonly clock: Clock,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  respond(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const error = this.normalise(exception, String(request.id));
    const dialect = this.dialects.forPath(request.url);
    const { status, body } = dialect.renderError(error, this.clock.now());
    if (status === 401) {
      reply.header('WWW-Authenticate', dialect.authenticationChallenge?.(error.code) ?? BASIC_CHALLENGE);
    }
    const retryAfter = error.details.retryAfterSeconds;
    if (typeof retryAfter === 'number' && retryAfter > 0) reply.header('Retry-After', String(Math.ceil(retryAfter)));
    void reply.status(status).type('application/json; charset=utf-8').send(body);
  }

  /** For errors outside any request object (headers Node could not parse): only the path is known. */
  render(exception: unknown, path: string, requestId: string): { status: number; body: unknown } {
    return this.dialects.forPath(path).renderError(this.normalise(exception, requestId), this.clock.now());
  }

  private normalise(exception: unknown, requestId: string) {
    const error = toApiError(exception, requestId);
    if (error.status >= 500) {
      this.logger.error({ err: error.cause, errorId: error.requestId }, 'Unexpected error');
    } else if (error.cause) {
      this.logger.warn({ err: error.cause, errorId: error.requestId }, `Database refused the request: ${error.code}`);
    }
    return error;
  }
}
