export { DataAdapterHttpModule } from './data-adapter-http.module';
export { OperationNotificationsService } from './services/operation-notifications.service';
export { migrations as dataAdapterMigrations } from './migrations';
