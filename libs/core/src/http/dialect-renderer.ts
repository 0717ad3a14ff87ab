import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { WireDialects } from './dialects/wire-dialects';

/**
 * Renders every controller result through the dialect registered for the called mount (the
 * envelope of Next Step and the Data Adapter, the JSON:API document of transaction approval),
 * so the wrapping is defined once per dialect and never per controller. The HTTP adapter asks it
 * for the body of each answer Nest's router sends (`createHttpAdapter`), after the routes' own
 * interceptors: a global interceptor did this before, and Nest's interceptor machinery (rxjs,
 * async scopes) cost a third of the CPU of a bare route (issue 13).
 */
@Injectable()
export class DialectRenderer {
  constructor(
    private readonly dialects: WireDialects,
    private readonly clock: Clock,
  ) {}

  render(url: string, result: unknown): unknown {
    const dialect = this.dialects.forPath(url);
    return dialect.renderSuccess ? dialect.renderSuccess(result, this.clock.now()) : result;
  }
}
