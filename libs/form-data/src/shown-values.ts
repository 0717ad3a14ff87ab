import { decimalString } from '@app/core';

/**
 * The values a user is shown (and an SMS quotes) for a payment: amount, currency and accounts.
 * One set of rules for every API that reads form data (Next Step stores it, the Data Adapter
 * reads it per request), so a value the user could be misled by never reaches a message.
 */

/** ISO 4217 alphabetic code. */
export const CURRENCY = /^[A-Z]{3}$/;

/** Largest accepted amount: this many digits before the decimal point. */
export const AMOUNT_MAX_INTEGER_DIGITS = 18;

/**
 * Decimals an amount may carry: the currency's minor unit, at least 2 (prices in JPY or CZK are
 * often written with 2) and at most 4 (CLF, UYW).
 */
const DECIMALS_BY_CURRENCY: Record<string, number> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};
export const decimalsOf = (currency: string) => DECIMALS_BY_CURRENCY[currency] ?? 2;

/**
 * An account number or IBAN as written for people: letters, digits, spaces and the separators
 * `-` `/` `.` (`19-2000145399/0800`, `CZ65 0800 …`). No brackets, quotes or line breaks, so a value
 * cannot read like a sentence inside a message.
 */
export const ACCOUNT = /^[A-Za-z0-9](?:[A-Za-z0-9 ./-]{0,62}[A-Za-z0-9])?$/;
export const ACCOUNT_MAX_LENGTH = 64;

/** Why a value is not a currency code, or null. */
export function currencyProblem(value: unknown): string | null {
  return typeof value === 'string' && CURRENCY.test(value) ? null : 'must be an ISO 4217 code';
}

/** Why a value is not an account number or IBAN, or null. */
export function accountProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > ACCOUNT_MAX_LENGTH) return `must be at most ${ACCOUNT_MAX_LENGTH} characters`;
  return ACCOUNT.test(value) ? null : 'must be an account number or IBAN (letters, digits, spaces, - / .)';
}

/**
 * The amount as a plain decimal string, or why it is none: no exponent forms, at most
 * AMOUNT_MAX_INTEGER_DIGITS integer digits and the currency's decimals. The sign is not checked
 * here (see parsePositiveAmount): each API reports a non-positive amount with its own code.
 */
export function parseAmount(value: unknown, currency: string): { amount: string } | { problem: string } {
  const amount = decimalString(value);
  if (amount === null) return { problem: 'must be a plain decimal number' };
  const [whole, fraction = ''] = amount.replace(/^-/, '').split('.');
  if (whole.replace(/^0+(?=\d)/, '').length > AMOUNT_MAX_INTEGER_DIGITS) {
    return { problem: `must have at most ${AMOUNT_MAX_INTEGER_DIGITS} integer digits` };
  }
  const decimals = decimalsOf(currency);
  if (fraction.replace(/0+$/, '').length > decimals) return { problem: `must have at most ${decimals} decimals` };
  return { amount };
}

/** parseAmount, and the amount must be greater than zero (what a payment can be). */
export function parsePositiveAmount(value: unknown, currency: string): { amount: string } | { problem: string } {
  const parsed = parseAmount(value, currency);
  if ('amount' in parsed && (parsed.amount.startsWith('-') || !/[1-9]/.test(parsed.amount))) {
    return { problem: 'must be a positive decimal' };
  }
  return parsed;
}

type Parameter = Record<string, unknown> | null | undefined;

/** Parameters whose value is an account: ACCOUNT-formatted key-values and `operation.account`. */
export function isAccountParameter(p: Parameter): boolean {
  return !!p && p.type === 'KEY_VALUE' && (p.valueFormatType === 'ACCOUNT' || p.id === 'operation.account');
}

/**
 * The payment amount for rules that may relax on it (anti-fraud step-down): exactly one AMOUNT
 * parameter with a valid positive amount and currency, else null (counts as missing).
 */
export function singlePaymentAmount(parameters: unknown): { amount: string; currency: string } | null {
  if (!Array.isArray(parameters)) return null;
  const amounts = (parameters as Parameter[]).filter((p) => p?.type === 'AMOUNT');
  if (amounts.length !== 1) return null;
  const { amount, currency } = amounts[0]!;
  if (currencyProblem(currency) !== null) return null;
  const parsed = parsePositiveAmount(amount, currency as string);
  return 'amount' in parsed ? { amount: parsed.amount, currency: currency as string } : null;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * Checks every shown value of raw form data (AMOUNT amount and currency, accounts, bank account
 * numbers and currencies) and returns the first problem as `{ path, problem }`, or null. Blank
 * values and the sign of an amount are left to the caller, which reports them with its own codes
 * (the Data Adapter's `smsAuthorization.amount.invalid`, …); other fields are not looked at.
 */
export function shownValueProblem(formData: unknown): { path: string; problem: string } | null {
  const parameters = (formData as { parameters?: unknown } | null)?.parameters;
  if (!Array.isArray(parameters)) return null;
  for (const [i, p] of (parameters as Parameter[]).entries()) {
    if (!p || typeof p !== 'object') continue;
    const at = (field: string) => `parameters.${i}.${field}`;
    if (p.type === 'AMOUNT') {
      const currency = blank(p.currency) ? null : currencyProblem(p.currency);
      if (currency) return { path: at('currency'), problem: currency };
      const amount = blank(p.amount) ? null : parseAmount(p.amount, String(p.currency));
      if (amount && 'problem' in amount) return { path: at('amount'), problem: amount.problem };
    }
    if (isAccountParameter(p) && !blank(p.value)) {
      const account = accountProblem(p.value);
      if (account) return { path: at('value'), problem: account };
    }
    if (p.type === 'BANK_ACCOUNT_CHOICE' && Array.isArray(p.bankAccounts)) {
      for (const [j, a] of (p.bankAccounts as Parameter[]).entries()) {
        if (!a || typeof a !== 'object') continue;
        const number = blank(a.number) ? null : accountProblem(a.number);
        if (number) return { path: at(`bankAccounts.${j}.number`), problem: number };
        const currency = blank(a.currency) ? null : currencyProblem(a.currency);
        if (currency) return { path: at(`bankAccounts.${j}.currency`), problem: currency };
      }
    }
  }
  return null;
}
