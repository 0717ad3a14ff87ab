export { TWOFACTOR_TOKEN_HEADER, TWOFACTOR_TOKEN_SECURITY, USER_TOKEN_SECURITY } from './http/access';
export { TwoFactorHttpModule } from './http/twofactor-http.module';
export { migrations as twofactorMigrations } from './migrations';
