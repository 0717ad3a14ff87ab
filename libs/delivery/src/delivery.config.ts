import { AppConfig, ConfigError, ENV, Env, EnvReader } from '@app/core';

/** Where SMS and e-mail go, and how hard the outbox tries (ARCHITECTURE.md §2 names kept). */
export class DeliveryConfig {
  /** SMTP server (smtp:// or smtps://); none: e-mail goes to the development outbox. */
  readonly smtpUrl?: URL;
  readonly mailFrom?: string;
  /** HTTP SMS gateway receiving POST {"to","text","messageId"}; none: SMS go to the development outbox. */
  readonly smsGatewayUrl?: URL;
  /** Push bridge receiving POST {"deviceId","approvalId"} per new push approval; none: devices poll. */
  readonly pushNotifyUrl?: URL;
  /** Timeout of one send attempt (the synchronous one of sendNow and each retry). */
  readonly sendTimeoutMs: number;
  /** Delay before the first retry; doubled after each failure up to retryMaxDelaySeconds. */
  readonly retryBaseDelaySeconds: number;
  readonly retryMaxDelaySeconds: number;
  /** After this many failed attempts the message is given up (FAILED) even if not expired. */
  readonly retryMaxAttempts: number;
  /** Messages the retry job claims at once; while a batch comes back full the next follows at once. */
  readonly retryBatchSize: number;
  /** Sends the retry job has in flight at most (towards one gateway / SMTP server). */
  readonly retryConcurrency: number;
  /** The development outbox route exists only outside production. */
  readonly devOutboxRoute: boolean;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.smtpUrl = read.optionalUrl('SMTP_URL', ['smtp', 'smtps']);
    this.mailFrom = read.optionalString('MAIL_FROM');
    if (this.smtpUrl && !this.mailFrom) throw new ConfigError('MAIL_FROM', 'is required with SMTP_URL');
    this.smsGatewayUrl = read.optionalUrl('SMS_GATEWAY_URL', ['http', 'https']);
    this.pushNotifyUrl = read.optionalUrl('PUSH_NOTIFY_URL', ['http', 'https']);
    // Credentials in these URLs would go out with every request and show wherever the URL is
    // logged or listed; the contract is a gateway on a private network (README).
    for (const [name, url] of [
      ['SMS_GATEWAY_URL', this.smsGatewayUrl],
      ['PUSH_NOTIFY_URL', this.pushNotifyUrl],
    ] as const) {
      if (url && (url.username || url.password))
        throw new ConfigError(name, 'must not contain credentials (user:pass@)');
    }
    this.sendTimeoutMs = read.int('DELIVERY_SEND_TIMEOUT_MS', 5000, { min: 100, max: 120_000 });
    this.retryBaseDelaySeconds = read.int('DELIVERY_RETRY_BASE_SECONDS', 10, { min: 1, max: 3600 });
    this.retryMaxDelaySeconds = read.int('DELIVERY_RETRY_MAX_SECONDS', 300, { min: 1, max: 86_400 });
    this.retryMaxAttempts = read.int('DELIVERY_RETRY_MAX_ATTEMPTS', 10, { min: 1, max: 1000 });
    this.retryBatchSize = read.int('DELIVERY_RETRY_BATCH_SIZE', 100, { min: 1, max: 1000 });
    this.retryConcurrency = read.int('DELIVERY_RETRY_CONCURRENCY', 10, { min: 1, max: 100 });
    this.devOutboxRoute = !new AppConfig(env).isProduction;
  }

  /** Delay after the n-th failed attempt (n ≥ 1). */
  retryDelayMs(failedAttempts: number): number {
    const seconds = this.retryBaseDelaySeconds * 2 ** Math.min(failedAttempts - 1, 20);
    return Math.min(seconds, this.retryMaxDelaySeconds) * 1000;
  }
}

export const deliveryConfigProvider = {
  provide: DeliveryConfig,
  inject: [ENV],
  useFactory: (env: Env) => new DeliveryConfig(env),
};
