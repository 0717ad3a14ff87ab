import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { statSync } from 'node:fs';
import { APP_VERSION, AppConfig, Clock, OkEnvelope, Public, RequireScope, formatSecondsTimestamp } from '@app/core';
import { ServiceStatusResponse } from './next-step-responses.dto';

/** When this code was built: the compiled file's time (there is no separate build stamp). */
const BUILD_TIME = formatSecondsTimestamp(statSync(__filename).mtime);

@ApiTags('next-step')
@Controller('next-step/api/service')
@RequireScope('next-step')
export class ServiceStatusController {
  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Basic facts about the running server (public). */
  @Get('status')
  @Public()
  @ApiOkResponse({ type: OkEnvelope(ServiceStatusResponse) })
  status(): ServiceStatusResponse {
    return {
      // the anchor's name: clients and monitoring match on it
      applicationName: 'powerauth-nextstep',
      applicationDisplayName: 'stepwise Next Step Server',
      applicationEnvironment: this.config.environment,
      version: APP_VERSION,
      buildTime: BUILD_TIME,
      timestamp: formatSecondsTimestamp(this.clock.now()),
    };
  }
}
