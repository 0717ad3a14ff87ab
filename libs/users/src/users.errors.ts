import { DomainError } from '@app/core';

/** What the user directory refuses (the admin API answers the last three with 409). */
export type UsersErrorCode =
  'ORGANIZATION_NOT_FOUND' | 'USER_ALREADY_EXISTS' | 'USERNAME_TAKEN' | 'ACCOUNT_ALREADY_EXISTS';

export class UsersError extends DomainError<UsersErrorCode> {}
