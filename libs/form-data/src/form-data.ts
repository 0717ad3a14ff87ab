import { DomainError, decimalString } from '@app/core';
import type { FormDataErrorCode } from './form-data-errors';
import { currencyProblem, parsePositiveAmount, shownValueProblem } from './shown-values';

/**
 * Operation form data (spec nextstep.md §6.1): what Web Flow and the mobile token show for an
 * operation, and what the user entered. Validated here by hand because parameters are
 * polymorphic by `type`; unknown keys are dropped, known ones are kept as sent.
 */
export const FORM_PARAMETER_TYPES = [
  'AMOUNT',
  'NOTE',
  'KEY_VALUE',
  'HEADING',
  'BANK_ACCOUNT_CHOICE',
  'BANNER',
  'PARTY_INFO',
] as const;
export type FormParameterType = (typeof FORM_PARAMETER_TYPES)[number];
export const VALUE_FORMAT_TYPES = ['TEXT', 'LOCALIZED_TEXT', 'DATE', 'NUMBER', 'AMOUNT', 'ACCOUNT'] as const;
export const BANNER_TYPES = ['BANNER_INFO', 'BANNER_WARNING', 'BANNER_ERROR'] as const;

export interface FormMessage {
  id: string;
  message: string | null;
}

export interface FormParameter {
  type: FormParameterType;
  id: string;
  label?: string | null;
  [key: string]: unknown;
}

export interface OperationFormData {
  title: FormMessage | null;
  greeting: FormMessage | null;
  summary: FormMessage | null;
  config: Array<{ id: string; enabled: boolean; defaultValue: string | null }>;
  banners: Array<{ id: string; message: string | null; bannerType: string }>;
  parameters: FormParameter[];
  dynamicDataLoaded: boolean;
  userInput: Record<string, string>;
}

/** Form data that cannot be shown: the message names the field and why (`formData.<path> <reason>.`). */
export class InvalidFormDataError extends DomainError<FormDataErrorCode> {
  constructor(path: string, reason: string) {
    super('INVALID_FORM_DATA', `formData.${path} ${reason}.`, { field: `formData.${path}` });
  }
}

const MAX_TEXT = 1024;
const MAX_ITEMS = 100;
const COMMON_KEYS = ['type', 'id', 'label'];
const VALUE_KEYS = ['valueFormatType', 'formattedValue', 'formattedValues'];
const KEYS_BY_TYPE: Record<FormParameterType, string[]> = {
  AMOUNT: [...VALUE_KEYS, 'amount', 'currency', 'currencyId'],
  NOTE: [...VALUE_KEYS, 'note'],
  KEY_VALUE: [...VALUE_KEYS, 'value'],
  HEADING: [...VALUE_KEYS, 'value'],
  BANK_ACCOUNT_CHOICE: ['bankAccounts', 'enabled', 'defaultValue'],
  BANNER: ['message', 'bannerType'],
  PARTY_INFO: ['partyInfo'],
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(value: unknown, path: string, { required = false, max = MAX_TEXT } = {}): string | null {
  if (value === undefined || value === null) {
    if (required) throw new InvalidFormDataError(path, 'is required');
    return null;
  }
  if (typeof value !== 'string') throw new InvalidFormDataError(path, 'must be a string');
  if (required && value.trim() === '') throw new InvalidFormDataError(path, 'must not be empty');
  if (value.length > max) throw new InvalidFormDataError(path, `must be at most ${max} characters`);
  return value;
}

function oneOf(value: unknown, allowed: readonly string[], path: string, fallback?: string): string | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new InvalidFormDataError(path, `must be one of ${allowed.join(', ')}`);
  }
  return value;
}

function bool(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new InvalidFormDataError(path, 'must be true or false');
  return value;
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidFormDataError(path, 'must be a list');
  if (value.length > MAX_ITEMS) throw new InvalidFormDataError(path, `must have at most ${MAX_ITEMS} items`);
  return value;
}

function message(value: unknown, path: string): FormMessage | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw new InvalidFormDataError(path, 'must be an object');
  // 0.21 documents call the text "value", the code "message": accept both.
  return {
    id: text(value.id, `${path}.id`, { required: true })!,
    message: text(value.message ?? value.value, `${path}.message`),
  };
}

export function userInputMap(value: unknown, path = 'userInput'): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new InvalidFormDataError(path, 'must be an object of strings');
  const entries = Object.entries(value);
  if (entries.length > MAX_ITEMS) throw new InvalidFormDataError(path, `must have at most ${MAX_ITEMS} entries`);
  for (const [key, v] of entries) {
    text(key, `${path} key`, { required: true, max: 256 });
    if (typeof v !== 'string') throw new InvalidFormDataError(`${path}.${key}`, 'must be a string');
    text(v, `${path}.${key}`);
  }
  return { ...(value as Record<string, string>) };
}

function parameter(raw: unknown, path: string): FormParameter {
  if (!isObject(raw)) throw new InvalidFormDataError(path, 'must be an object');
  const type = oneOf(raw.type, FORM_PARAMETER_TYPES, `${path}.type`) as FormParameterType | undefined;
  if (!type) throw new InvalidFormDataError(`${path}.type`, 'is required');
  text(raw.id, `${path}.id`, { required: true, max: 256 });
  text(raw.label, `${path}.label`);
  if ('valueFormatType' in raw) oneOf(raw.valueFormatType, VALUE_FORMAT_TYPES, `${path}.valueFormatType`);
  if ('formattedValue' in raw) text(raw.formattedValue, `${path}.formattedValue`);
  if ('formattedValues' in raw && raw.formattedValues !== null)
    userInputMap(raw.formattedValues, `${path}.formattedValues`);
  switch (type) {
    case 'AMOUNT': {
      const currency = currencyProblem(raw.currency);
      if (currency) throw new InvalidFormDataError(`${path}.currency`, currency);
      const amount = parsePositiveAmount(raw.amount, raw.currency as string);
      if ('problem' in amount) throw new InvalidFormDataError(`${path}.amount`, amount.problem);
      text(raw.currencyId, `${path}.currencyId`);
      break;
    }
    case 'NOTE':
      text(raw.note, `${path}.note`, { max: 4096 });
      break;
    case 'KEY_VALUE':
    case 'HEADING':
      text(raw.value, `${path}.value`, { max: 4096 });
      if (raw.valueFormatType === 'DATE' && raw.value != null && !/^\d{4}-\d{2}-\d{2}$/.test(raw.value as string)) {
        throw new InvalidFormDataError(`${path}.value`, 'must be a date YYYY-MM-DD');
      }
      break;
    case 'BANK_ACCOUNT_CHOICE':
      list(raw.bankAccounts, `${path}.bankAccounts`).forEach((account, i) =>
        bankAccount(account, `${path}.bankAccounts.${i}`),
      );
      bool(raw.enabled, `${path}.enabled`, true);
      text(raw.defaultValue, `${path}.defaultValue`);
      break;
    case 'BANNER':
      text(raw.message, `${path}.message`);
      oneOf(raw.bannerType, BANNER_TYPES, `${path}.bannerType`);
      break;
    case 'PARTY_INFO': {
      if (!isObject(raw.partyInfo)) throw new InvalidFormDataError(`${path}.partyInfo`, 'must be an object');
      for (const key of ['logoUrl', 'name', 'description', 'websiteUrl'])
        text(raw.partyInfo[key], `${path}.partyInfo.${key}`);
      break;
    }
  }
  const kept: FormParameter = { type, id: raw.id as string };
  for (const key of [...COMMON_KEYS, ...KEYS_BY_TYPE[type]]) if (key in raw) kept[key] = raw[key];
  if (type === 'PARTY_INFO') {
    const p = raw.partyInfo as Json;
    kept.partyInfo = {
      logoUrl: p.logoUrl ?? null,
      name: p.name ?? null,
      description: p.description ?? null,
      websiteUrl: p.websiteUrl ?? null,
    };
  }
  return kept;
}

function bankAccount(raw: unknown, path: string): void {
  if (!isObject(raw)) throw new InvalidFormDataError(path, 'must be an object');
  text(raw.number, `${path}.number`, { required: true });
  text(raw.accountId, `${path}.accountId`);
  text(raw.name, `${path}.name`, { required: true });
  if (decimalString(raw.balance) === null) throw new InvalidFormDataError(`${path}.balance`, 'must be a decimal');
  const currency = currencyProblem(raw.currency);
  if (currency) throw new InvalidFormDataError(`${path}.currency`, currency);
  const usable = bool(raw.usableForPayment, `${path}.usableForPayment`, true);
  text(raw.unusableForPaymentReason, `${path}.unusableForPaymentReason`);
  void usable;
}

/** Validates form data sent by a client and returns its canonical form (defaults filled in). */
export function validateFormData(raw: unknown): OperationFormData {
  if (!isObject(raw)) throw new InvalidFormDataError('', 'must be an object');
  const parameters = list(raw.parameters, 'parameters').map((p, i) => parameter(p, `parameters.${i}`));
  const shown = shownValueProblem(raw);
  if (shown) throw new InvalidFormDataError(shown.path, shown.problem);
  const ids = new Set<string>();
  for (const [i, p] of parameters.entries()) {
    if (ids.has(p.id)) throw new InvalidFormDataError(`parameters.${i}.id`, `"${p.id}" is used twice`);
    ids.add(p.id);
  }
  for (const single of ['AMOUNT', 'NOTE'] as const) {
    if (parameters.filter((p) => p.type === single).length > 1) {
      throw new InvalidFormDataError('parameters', `may contain at most one ${single}`);
    }
  }
  return {
    title: message(raw.title, 'title'),
    greeting: message(raw.greeting, 'greeting'),
    summary: message(raw.summary, 'summary'),
    config: list(raw.config, 'config').map((c, i) => {
      const path = `config.${i}`;
      if (!isObject(c)) throw new InvalidFormDataError(path, 'must be an object');
      return {
        id: text(c.id, `${path}.id`, { required: true })!,
        enabled: bool(c.enabled, `${path}.enabled`, true),
        defaultValue: text(c.defaultValue, `${path}.defaultValue`),
      };
    }),
    banners: list(raw.banners, 'banners').map((b, i) => {
      const path = `banners.${i}`;
      if (!isObject(b)) throw new InvalidFormDataError(path, 'must be an object');
      return {
        id: text(b.id, `${path}.id`, { required: true })!,
        message: text(b.message, `${path}.message`),
        bannerType: oneOf(b.bannerType, BANNER_TYPES, `${path}.bannerType`, 'BANNER_INFO')!,
      };
    }),
    parameters,
    dynamicDataLoaded: bool(raw.dynamicDataLoaded, 'dynamicDataLoaded', false),
    userInput: userInputMap(raw.userInput),
  };
}

/** Empty form data for an operation created without one (userInput can still be stored). */
export function emptyFormData(): OperationFormData {
  return validateFormData({});
}
