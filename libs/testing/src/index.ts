export * from './fake-clock';
export * from './log-capture';
export * from './test-app';
export * from './test-database';
