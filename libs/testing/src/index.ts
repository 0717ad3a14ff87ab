export type { RecordedAnswer } from './answer-recorder';
export { FakeClock } from './fake-clock';
export { LogCapture } from './log-capture';
export { SmsGatewaySink } from './sms-gateway-sink';
export { SmtpSink } from './smtp-sink';
export { startTestApp } from './test-app';
export type { TestApp, TestAppOptions } from './test-app';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
