export * from './next-step-http.module';
