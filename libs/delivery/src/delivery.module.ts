import { Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig, ConfigError, Metrics } from '@app/core';
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
import { OutboxRetention } from './outbox-retention';
import { Channel } from './outbox-message.entity';

/**
 * Channels whose codes stepwise sends, so production needs their transport: SMS (Data Adapter,
 * mTAN, /v1) and e-mail (e-mail OTP, /v1). Push notifications are optional (devices poll).
 */
export const CHANNELS_IN_USE: readonly Channel[] = ['SMS', 'EMAIL'];
const TRANSPORT_SETTING: Record<Channel, string> = {
  SMS: 'SMS_GATEWAY_URL',
  EMAIL: 'SMTP_URL',
  PUSH: 'PUSH_NOTIFY_URL',
};

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
  providers: [
    OutboxRetention,
    deliveryConfigProvider,
    transportsProvider,
    DeliveryService,
    OutboxQueries,
    DeliveryRetryJob,
  ],
  exports: [DeliveryService, OutboxQueries, DeliveryRetryJob, DeliveryConfig],
})
export class DeliveryModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryModule.name);

  constructor(
    @Inject(TRANSPORTS) private readonly transports: Transports,
    private readonly app: AppConfig,
    private readonly metrics: Metrics,
    private readonly queries: OutboxQueries,
  ) {}

  /**
   * In production a channel in use without its transport would "deliver" into the development
   * outbox, which production hides: codes would never arrive while the API answers SUCCEEDED.
   */
  onModuleInit(): void {
    this.metrics.setOutboxDepthSource(() => this.queries.pendingByChannel());
    const dev = (Object.keys(this.transports) as Channel[]).filter((c) => this.transports[c].name === 'DEV_OUTBOX');
    if (!this.app.isProduction || dev.length === 0) return;
    const missing = dev.find((channel) => CHANNELS_IN_USE.includes(channel));
    if (missing) {
      throw new ConfigError(TRANSPORT_SETTING[missing], `is required with NODE_ENV=production (${missing} is sent)`);
    }
    this.logger.warn({ channels: dev }, 'No transport for unused channels: their messages would stay in the outbox');
  }

  onApplicationShutdown(): void {
    for (const transport of Object.values(this.transports)) {
      if (transport instanceof SmtpTransport) transport.close();
    }
  }
}
