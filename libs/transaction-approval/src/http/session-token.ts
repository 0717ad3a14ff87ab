import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';
import type { JsonApiResource } from '@app/core';
import type { StepAnswer } from '../sessions/sessions.service';

export const SESSION_HEADER = 'x-session-id';
export const SESSION_COOKIE = 'TA_SESSION';
const COOKIE_ATTRIBUTES = 'Path=/auth-transaction-approval; HttpOnly; Secure; SameSite=Strict';

/** The token a request names: the X-Session-ID header wins over the TA_SESSION cookie. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers[SESSION_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const cookies = request.headers.cookie;
  if (typeof cookies !== 'string') return undefined;
  for (const pair of cookies.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * A step's answer on the wire: the renewed token in the X-Session-ID header and the TA_SESSION
 * cookie, and `{id, attributes}` for the JSON:API dialect to render as the session document.
 */
@Injectable()
export class SessionTokenInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<StepAnswer>): Observable<JsonApiResource> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer) => {
        if (answer.token) {
          void reply.header('X-Session-ID', answer.token);
          void reply.header('Set-Cookie', `${SESSION_COOKIE}=${answer.token}; ${COOKIE_ATTRIBUTES}`);
          void reply.header('Cache-Control', 'no-store');
        }
        return { id: answer.sessionId, attributes: answer.attributes };
      }),
    );
  }
}
