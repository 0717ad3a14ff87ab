import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock, OkEnvelope, Public, formatMillisTimestamp } from '@app/core';
import { DataAdapterConfig } from '../data-adapter.config';
import { ServiceStatusResponse } from './dto/status.dto';

const VERSION = '0.1.0';

@ApiTags('data adapter')
@Controller('data-adapter/api/service')
@Public()
export class ServiceStatusController {
  private readonly startedAt: Date;

  constructor(
    private readonly clock: Clock,
    private readonly config: DataAdapterConfig,
  ) {
    this.startedAt = clock.now();
  }

  @Get('status')
  @ApiOkResponse({ type: OkEnvelope(ServiceStatusResponse) })
  status(): ServiceStatusResponse {
    return {
      applicationName: 'powerauth-data-adapter',
      applicationDisplayName: 'PowerAuth Data Adapter',
      applicationEnvironment: this.config.applicationEnvironment,
      version: VERSION,
      buildTime: formatMillisTimestamp(this.startedAt),
      timestamp: formatMillisTimestamp(this.clock.now()),
    };
  }
}
