import { DeliveryConfig } from './delivery.config';

describe('DeliveryConfig', () => {
  it('has defaults and no transports without settings', () => {
    const config = new DeliveryConfig({});
    expect(config).toMatchObject({ sendTimeoutMs: 5000, retryMaxAttempts: 10, devOutboxRoute: true });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.smsGatewayUrl).toBeUndefined();
  });

  it('doubles the retry delay up to the maximum', () => {
    const config = new DeliveryConfig({ DELIVERY_RETRY_BASE_SECONDS: '10', DELIVERY_RETRY_MAX_SECONDS: '60' });
    expect([1, 2, 3, 4, 5, 50].map((n) => config.retryDelayMs(n))).toEqual([
      10_000, 20_000, 40_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('rejects SMTP_URL without MAIL_FROM and wrong URL schemes, naming the setting', () => {
    expect(() => new DeliveryConfig({ SMTP_URL: 'smtp://mail:25' })).toThrow(/MAIL_FROM/);
    expect(() => new DeliveryConfig({ SMS_GATEWAY_URL: 'ftp://x' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => new DeliveryConfig({ DELIVERY_SEND_TIMEOUT_MS: '10' })).toThrow(/DELIVERY_SEND_TIMEOUT_MS/);
    expect(() => new DeliveryConfig({ SMS_GATEWAY_URL: 'https://u:p@sms.example/send' })).toThrow(
      'Invalid configuration: SMS_GATEWAY_URL must not contain credentials (user:pass@)',
    );
    expect(() => new DeliveryConfig({ PUSH_NOTIFY_URL: 'https://u@push.example/notify' })).toThrow(
      'Invalid configuration: PUSH_NOTIFY_URL must not contain credentials (user:pass@)',
    );
  });

  it('drops the development outbox route in production', () => {
    expect(new DeliveryConfig({ NODE_ENV: 'production' }).devOutboxRoute).toBe(false);
  });
});
