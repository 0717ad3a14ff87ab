export * from './auth-method.entity';
export * from './auth-methods.module';
export * from './auth-methods.service';
export * from './user-auth-method.entity';
export * from './auth-method.record';
