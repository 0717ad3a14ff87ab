import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { DomainError } from '@app/core';
import type { FastifyReply } from 'fastify';
import { Observable, catchError, throwError } from 'rxjs';

/** A rate-limited answer says when to come back: `Retry-After` from the error's retryAfterSeconds. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const seconds = error instanceof DomainError ? error.details.retryAfterSeconds : undefined;
        if (typeof seconds === 'number') {
          void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(seconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
