export type { AuthMethodRecord } from './auth-method.record';
export { AuthMethodsModule } from './auth-methods.module';
export { AuthMethodsService } from './auth-methods.service';
export type { AuthMethodErrorCode, EnabledAuthMethod } from './auth-methods.service';
