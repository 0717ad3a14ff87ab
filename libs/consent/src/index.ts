export { ConsentModule } from './consent.module';
export { ConsentService } from './consent.service';
export type { ConsentErrorCode } from './consent.service';
export { migrations as consentMigrations } from './migrations';
