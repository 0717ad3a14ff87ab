export * from './afs-action.entity';
export * from './afs-http.module';
export * from './afs-rule.entity';
export * from './afs.module';
export * from './afs.service';
export * from './rule-condition';
