export * from './operation-config.entity';
export * from './operation-history.entity';
export * from './operation.entity';
export * from './operations.module';
export * from './step-definition.entity';
export * from './step-resolution/enums';
