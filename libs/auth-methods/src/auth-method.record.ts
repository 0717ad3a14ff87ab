import type { AuthMethodEntry } from './auth-method.entity';

/** A catalogue entry as other libs and the HTTP layer see it: plain data, never the entity. */
export interface AuthMethodRecord {
  authMethod: string;
  orderNumber: number;
  checkUserPrefs: boolean;
  userPrefsDefault: boolean;
  checkAuthFails: boolean;
  maxAuthFails: number | null;
  hasUserInterface: boolean;
  hasMobileToken: boolean;
  displayNameKey: string | null;
}

export function toAuthMethodRecord(entry: AuthMethodEntry): AuthMethodRecord {
  return {
    authMethod: entry.authMethod,
    orderNumber: entry.orderNumber,
    checkUserPrefs: entry.checkUserPrefs,
    userPrefsDefault: entry.userPrefsDefault,
    checkAuthFails: entry.checkAuthFails,
    maxAuthFails: entry.maxAuthFails,
    hasUserInterface: entry.hasUserInterface,
    hasMobileToken: entry.hasMobileToken,
    displayNameKey: entry.displayNameKey,
  };
}
