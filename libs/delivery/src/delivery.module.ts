import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@app/core';
import { DeliveryRetryJob } from './delivery-retry.job';
import { DeliveryConfig, deliveryConfigProvider } from './delivery.config';
import { DeliveryService } from './delivery.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxQueries } from './outbox-queries.service';
import { DevOutboxTransport } from './transports/dev-outbox.transport';
import { PushBridgeTransport } from './transports/push-bridge.transport';
import { SmsGatewayTransport } from './transports/sms-gateway.transport';
import { SmtpTransport } from './transports/smtp.transport';
import { TRANSPORTS, Transports } from './transports/transport';

const transportsProvider = {
  provide: TRANSPORTS,
  inject: [DeliveryConfig],
  useFactory: (config: DeliveryConfig): Transports => ({
    SMS: config.smsGatewayUrl ? new SmsGatewayTransport(config.smsGatewayUrl) : new DevOutboxTransport(),
    EMAIL:
      config.smtpUrl && config.mailFrom
        ? new SmtpTransport(config.smtpUrl, config.mailFrom, config.sendTimeoutMs)
        : new DevOutboxTransport(),
    PUSH: config.pushNotifyUrl ? new PushBridgeTransport(config.pushNotifyUrl) : new DevOutboxTransport(),
  }),
};

/** SMS / e-mail outbox with its transports and the retry job. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage])],
  providers: [deliveryConfigProvider, transportsProvider, DeliveryService, OutboxQueries, DeliveryRetryJob],
  exports: [DeliveryService, OutboxQueries, DeliveryRetryJob, DeliveryConfig],
})
export class DeliveryModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryModule.name);

  constructor(
    @Inject(TRANSPORTS) private readonly transports: Transports,
    private readonly app: AppConfig,
  ) {}

  onModuleInit(): void {
    const dev = Object.entries(this.transports).filter(([, t]) => t.name === 'DEV_OUTBOX');
    if (dev.length > 0 && this.app.isProduction) {
      this.logger.warn(
        { channels: dev.map(([c]) => c) },
        'No SMTP_URL / SMS_GATEWAY_URL: messages only go to the development outbox',
      );
    }
  }

  onApplicationShutdown(): void {
    for (const transport of Object.values(this.transports)) {
      if (transport instanceof SmtpTransport) transport.close();
    }
  }
}
