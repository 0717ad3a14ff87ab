import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable, map } from 'rxjs';
import { Clock } from '../clock/clock';
import { WireDialects } from './dialects/wire-dialects';

/**
 * Renders every controller result through the dialect registered for the called mount (the
 * envelope of Next Step and the Data Adapter, the JSON:API document of transaction approval),
 * so the wrapping is defined once per dialect and never per controller.
 */
@Injectable()
export class DialectInterceptor implements NestInterceptor {
  constructor(
    private readonly dialects: WireDialects,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const dialect = this.dialects.forPath(context.switchToHttp().getRequest<FastifyRequest>().url);
    const render = dialect.renderSuccess?.bind(dialect);
    return render ? next.handle().pipe(map((result) => render(result, this.clock.now()))) : next.handle();
  }
}
