import { Module, OnModuleInit } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import { ApiClientsController } from './http/admin/api-clients.controller';
import { DialectRenderer } from './http/dialect-renderer';
import { plainDialectWith } from './http/dialects/plain.dialect';
import { WireDialects } from './http/dialects/wire-dialects';
import { ApiExceptionFilter } from './http/error-responder';
import { setEdgeRenderer, setEdgeResponder } from './http/http-edge';
import { createValidationPipe } from './http/validation';
import { MetricsController } from './metrics/metrics.controller';
import { ApiAccessGuard } from './security/api-access.guard';

/**
 * The HTTP edge of the core: deny-by-default guard, validation, answer and error rendering, health,
 * metrics and API-client administration. Imported by the API server only, never by the worker.
 */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController, ApiClientsController, MetricsController],
  providers: [
    { provide: APP_GUARD, useClass: ApiAccessGuard },
    ApiExceptionFilter,
    { provide: APP_FILTER, useExisting: ApiExceptionFilter },
    DialectRenderer,
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class CoreHttpModule implements OnModuleInit {
  constructor(
    private readonly dialects: WireDialects,
    private readonly adapterHost: HttpAdapterHost,
    private readonly errors: ApiExceptionFilter,
    private readonly renderer: DialectRenderer,
  ) {}

  onModuleInit(): void {
    // what Fastify answers before routing (bad URL, 414, 431) goes through the same responder
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify) setEdgeResponder(fastify, this.errors);
    if (fastify) setEdgeRenderer(fastify, this.renderer); // controller results, in their mount's dialect
    this.dialects.register('/admin/clients', plainDialectWith({ CLIENT_ALREADY_EXISTS: { status: 409 } }));
  }
}
