import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequireScope } from '../security/access.decorators';
import { Metrics } from './metrics';

@ApiTags('Operations')
@Controller('metrics')
@RequireScope('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus metrics of this process (text exposition format). */
  @Get()
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', schema: { type: 'string' } })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.metrics.render();
    await reply.type(contentType).send(body);
  }
}
