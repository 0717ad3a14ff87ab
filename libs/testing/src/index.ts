export * from './answer-recorder';
export * from './fake-clock';
export * from './http-sink';
export * from './log-capture';
export * from './test-app';
export * from './test-database';
export * from './sms-gateway-sink';
export * from './smtp-sink';
