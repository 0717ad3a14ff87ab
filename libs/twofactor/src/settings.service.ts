import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, FieldError, RequestValidationError, Transactions } from '@app/core';
import { TwoFactorSetting } from './entities';
import { OTP_ALPHABET } from './otp-codes';
import { hasPlaceholder } from './templates';

/** The upstream's configuration keys (fineract-twofactor.md §2.4) with stepwise's bounds. */
export interface TwoFactorSettings {
  'otp-delivery-email-enable': boolean;
  'otp-delivery-email-subject': string;
  'otp-delivery-email-body': string;
  'otp-delivery-sms-enable': boolean;
  'otp-delivery-sms-text': string;
  'otp-token-live-time': number;
  'otp-token-length': number;
  'otp-token-alphabet': string;
  'access-token-live-time': number;
  'access-token-live-time-extended': number;
}
export type SettingName = keyof TwoFactorSettings;

/**
 * template: must hold {{token}}; subject: must not (an e-mail subject is kept in the outbox row in
 * plain text, and shown in mail lists and notifications); alphabet: the characters codes are drawn from.
 */
type Rule =
  | { kind: 'boolean' }
  | { kind: 'template' }
  | { kind: 'subject' }
  | { kind: 'alphabet' }
  | { kind: 'integer'; min: number; max: number };

const RULES: Record<SettingName, Rule> = {
  'otp-delivery-email-enable': { kind: 'boolean' },
  'otp-delivery-email-subject': { kind: 'subject' },
  'otp-delivery-email-body': { kind: 'template' },
  'otp-delivery-sms-enable': { kind: 'boolean' },
  'otp-delivery-sms-text': { kind: 'template' },
  'otp-token-live-time': { kind: 'integer', min: 60, max: 600 },
  'otp-token-length': { kind: 'integer', min: 6, max: 10 },
  'otp-token-alphabet': { kind: 'alphabet' },
  'access-token-live-time': { kind: 'integer', min: 60, max: 86_400 },
  'access-token-live-time-extended': { kind: 'integer', min: 60, max: 604_800 },
};

/** Defaults: the upstream's seeded texts (double braces, so the code is always in the message). */
export const DEFAULT_SETTINGS: TwoFactorSettings = {
  'otp-delivery-email-enable': true,
  'otp-delivery-email-subject': 'stepwise two-factor authentication token',
  'otp-delivery-email-body': 'Hello {{username}}.\nYour OTP login token is {{token}}.',
  'otp-delivery-sms-enable': true,
  'otp-delivery-sms-text': 'Your authentication token for stepwise is {{token}}.',
  'otp-token-live-time': 300,
  'otp-token-length': 6,
  'otp-token-alphabet': OTP_ALPHABET,
  'access-token-live-time': 86_400,
  'access-token-live-time-extended': 604_800,
};

const MAX_TEXT = 1000;
/** The outbox's subject column; a longer rendered subject (long names) is cut there. */
const MAX_SUBJECT = 255;
/**
 * An OTP alphabet: upper-case letters and digits only (codes are compared case-insensitively, so
 * a lower-case letter would be a duplicate), each once, at least 10 of them (6 characters from
 * 10 symbols are as strong as a 6-digit code, the least NIST 800-63B allows).
 */
const ALPHABET_CHARACTERS = /^[A-Z0-9]+$/;
const MIN_ALPHABET = 10;

/**
 * Two-factor settings, stored in the database and read on every use (no process cache), so a
 * change made through one replica applies on every replica with the next request.
 */
@Injectable()
export class TwoFactorSettingsService {
  constructor(
    @InjectRepository(TwoFactorSetting) private readonly stored: Repository<TwoFactorSetting>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<TwoFactorSettings> {
    const rows = await this.stored.find();
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      const rule = RULES[row.name as SettingName];
      if (!rule) continue;
      settings[row.name] = decode(rule, row.value);
    }
    return settings as unknown as TwoFactorSettings;
  }

  /**
   * Validates every key (unknown keys, types, bounds, `{{token}}` in templates: one field error
   * each) and stores them in one transaction; answers the changed values.
   */
  async update(input: unknown): Promise<Partial<TwoFactorSettings>> {
    const changes = validateChanges(input);
    const now = this.clock.now();
    await this.transactions.run(async (em) => {
      for (const [name, value] of Object.entries(changes)) {
        await em.upsert(TwoFactorSetting, { name, value: String(value), updatedAt: now }, ['name']);
      }
    });
    return changes;
  }
}

export function validateChanges(input: unknown): Partial<TwoFactorSettings> {
  const errors: FieldError[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RequestValidationError([{ path: 'body', rule: 'isObject', message: 'The body must be a JSON object.' }]);
  }
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length === 0) {
    throw new RequestValidationError([{ path: 'body', rule: 'isNotEmpty', message: 'Name at least one setting.' }]);
  }
  const changes: Record<string, unknown> = {};
  for (const [name, raw] of entries) {
    const rule = RULES[name as SettingName];
    const fail = (ruleName: string, message: string) => errors.push({ path: name, rule: ruleName, message });
    if (!rule) {
      fail('supportedParameter', `The parameter ${name} is not supported.`);
      continue;
    }
    let value: unknown = raw;
    if (rule.kind === 'boolean') {
      if (typeof raw !== 'boolean') fail('isBoolean', `The parameter ${name} must be true or false.`);
    } else if (rule.kind === 'integer') {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        fail('isInt', `The parameter ${name} must be a whole number.`);
      } else if (raw < rule.min || raw > rule.max) {
        fail('range', `The parameter ${name} must be between ${rule.min} and ${rule.max}.`);
      }
    } else if (typeof raw !== 'string' || raw.trim() === '') {
      fail('isNotBlank', `The parameter ${name} must be a non-blank text.`);
    } else if (rule.kind === 'alphabet') {
      if (!ALPHABET_CHARACTERS.test(raw)) {
        fail('matches', `The parameter ${name} may hold upper-case letters A-Z and digits 0-9 only.`);
      } else if (new Set(raw).size !== raw.length) {
        fail('isUnique', `The parameter ${name} must not repeat a character.`);
      } else if (raw.length < MIN_ALPHABET) {
        fail('minLength', `The parameter ${name} must have at least ${MIN_ALPHABET} characters.`);
      }
    } else {
      const text = raw.trim();
      value = text;
      const max = rule.kind === 'subject' ? MAX_SUBJECT : MAX_TEXT;
      if (text.length > max) fail('maxLength', `The parameter ${name} is longer than ${max}.`);
      else if (rule.kind === 'template' && !hasPlaceholder(text, 'token')) {
        fail('containsToken', `The parameter ${name} must contain {{token}}.`);
      } else if (rule.kind === 'subject' && hasPlaceholder(text, 'token')) {
        fail('excludesToken', `The parameter ${name} must not contain {{token}}: the code goes in the body only.`);
      }
    }
    changes[name] = value;
  }
  if (errors.length) throw new RequestValidationError(errors);
  return changes as Partial<TwoFactorSettings>;
}

function decode(rule: Rule, value: string): unknown {
  if (rule.kind === 'boolean') return value === 'true';
  if (rule.kind === 'integer') return Number(value);
  return value;
}
