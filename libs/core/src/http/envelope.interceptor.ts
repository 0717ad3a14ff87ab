import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, map } from 'rxjs';

/** Wraps a controller's result as `{"status":"OK","responseObject":…}`, or `{"status":"OK"}` when it returns nothing. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(map((result) => (result === undefined ? { status: 'OK' } : { status: 'OK', responseObject: result })));
  }
}
