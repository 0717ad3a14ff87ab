import type { UserBankAccount } from './bank-account.entity';
import type { UserIdentity } from './user.entity';

export type AccountStatus = 'ACTIVE' | 'NOT_ACTIVE';
export const ACCOUNT_STATUSES: readonly AccountStatus[] = ['ACTIVE', 'NOT_ACTIVE'];

/** A user as other libs see it: no password hash, no lockout internals. */
export interface UserView {
  userId: string;
  username: string;
  organizationId: string;
  givenName: string;
  familyName: string;
  accountStatus: AccountStatus;
  phoneNumber: string | null;
  email: string | null;
  language: string;
}

export type PasswordCheckResult =
  | { result: 'VALID'; user: UserView }
  /** Wrong password, or an unknown user (same shape, nothing counted). */
  | { result: 'INVALID'; remainingAttempts: number }
  /** Temporarily locked after too many consecutive failures (also the answer to the failure that locks). */
  | { result: 'LOCKED'; lockedUntil: Date }
  /** Blocked (NOT_ACTIVE) account; the password is not checked. */
  | { result: 'NOT_ACTIVE' };

export interface BankAccountView {
  accountId: string;
  /** Human form of the account number, e.g. 12345678/1234. */
  accountNumber: string;
  accountName: string;
  /** Decimal string, e.g. "24394.52". */
  balance: string;
  currency: string;
  usableForPayment: boolean;
  unusableForPaymentReason: string | null;
}

/** A user as the admin API sees it: the view plus the lockout state and times. */
export interface UserAdminRecord extends UserView {
  failedAttempts: number;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrganizationRecord {
  organizationId: string;
  name: string;
}

export function toUserView(user: UserIdentity): UserView {
  return {
    userId: user.userId,
    username: user.username,
    organizationId: user.organizationId,
    givenName: user.givenName,
    familyName: user.familyName,
    accountStatus: user.accountStatus,
    phoneNumber: user.phoneNumber,
    email: user.email,
    language: user.language,
  };
}

export function toUserAdminRecord(user: UserIdentity): UserAdminRecord {
  return {
    ...toUserView(user),
    failedAttempts: user.failedAttempts,
    lockedUntil: user.lockedUntil,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export function toBankAccountView(account: UserBankAccount): BankAccountView {
  return {
    accountId: account.accountId,
    accountNumber: account.accountNumber,
    accountName: account.accountName,
    balance: account.balance,
    currency: account.currency,
    usableForPayment: account.usableForPayment,
    unusableForPaymentReason: account.unusableForPaymentReason,
  };
}
