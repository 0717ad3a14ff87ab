export * from './users.module';
export * from './users.config';
export * from './users.service';
export * from './user-failures.service';
export * from './users-admin.service';
export * from './user-accounts.service';
export * from './permissions';
export * from './roles.service';
export {
  ACCOUNT_STATUSES,
  type AccountStatus,
  type BankAccountView,
  type PasswordCheckResult,
  type UserView,
} from './user.view';
export * from './users-http.module';
