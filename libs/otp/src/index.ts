export * from './operation-binding';
export * from './otp.config';
export * from './otp.module';
export * from './sms-authorization.entity';
export * from './sms-authorizations.service';
export * from './sms-cleanup.job';
export * from './sms-texts';
export * from './verification';
