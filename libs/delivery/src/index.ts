export * from './delivery.module';
export * from './delivery-http.module';
export * from './delivery.config';
export * from './delivery.service';
export * from './delivery.types';
export * from './delivery-retry.job';
export * from './localized-templates';
export * from './outbox-queries.service';
export type { Channel, OutboxStatus, TransportName } from './outbox-message.entity';
