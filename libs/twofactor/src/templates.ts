import type { UserView } from '@app/users';

const pad = (n: number) => String(n).padStart(2, '0');
const date = (d: Date) => `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
const time = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export interface TemplateFacts {
  user: UserView;
  code: string;
  requestedAt: Date;
  expiresAt: Date;
}

/**
 * The upstream's `{{name}}` placeholders (fineract-twofactor.md §2.3); unknown placeholders stay
 * as written. Plain text (SMS and text e-mail), so nothing is HTML-escaped. Times are UTC.
 */
export function renderTemplate(template: string, facts: TemplateFacts): string {
  const values: Record<string, string> = {
    username: facts.user.username,
    email: facts.user.email ?? '',
    firstname: facts.user.givenName,
    lastname: facts.user.familyName,
    mobileno: facts.user.phoneNumber ?? '',
    token: facts.code,
    tokenlivetime: String(Math.round((facts.expiresAt.getTime() - facts.requestedAt.getTime()) / 1000)),
    requestdate: date(facts.requestedAt),
    requesttime: time(facts.requestedAt),
    expiredate: date(facts.expiresAt),
    expiretime: time(facts.expiresAt),
  };
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** A placeholder as renderTemplate fills it: `{{token}}`, `{{ token }}`, … */
const PLACEHOLDER = /\{\{\s*([a-z]+)\s*\}\}/g;

/** Whether renderTemplate would fill the placeholder `name` somewhere in the template. */
export function hasPlaceholder(template: string, name: string): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((match) => match[1] === name);
}

/** What an operation-bound message adds: the operation and every parameter value, unshortened. */
export function describeOperation(operation: string, parameters: Record<string, unknown>): string {
  const lines = Object.keys(parameters)
    .sort()
    .map((k) => `${k}: ${parameters[k] === null ? 'null' : String(parameters[k])}`);
  return [`Operation: ${operation}`, ...lines].join('\n');
}
