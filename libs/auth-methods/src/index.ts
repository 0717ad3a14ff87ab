export type { AuthMethodRecord } from './auth-method.record';
export { AuthMethodsModule } from './auth-methods.module';
export { AuthMethodsService, isAuthMethodConfig } from './auth-methods.service';
export type { AuthMethodErrorCode, EnabledAuthMethod } from './auth-methods.service';
