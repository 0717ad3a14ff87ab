export * from './consent-record.entity';
export * from './consent-template.entity';
export * from './consent.module';
export * from './consent.service';
