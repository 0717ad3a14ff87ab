import { DomainError } from '@app/core';
import type { FormDataErrorCode } from './form-data-errors';

/**
 * The operation data string signed by the mobile token (spec nextstep.md §6.3), e.g.
 * `A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill Payment - 05/2019`: a header (version
 * letter + template number) and up to five `*`-separated fields, each typed by its first letter.
 */
export type OperationDataField =
  | { type: 'AMOUNT'; amount: string; currency: string }
  | { type: 'IBAN'; iban: string; bic?: string }
  | { type: 'ACCOUNT'; account: string }
  | { type: 'DATE'; date: string }
  | { type: 'REFERENCE'; text: string }
  | { type: 'NOTE'; text: string }
  | { type: 'TEXT'; text: string };

export interface OperationData {
  /** One capital letter: A, B, … */
  version: string;
  /** 0–99 (0 generic, 1 payment, 2 login). */
  templateId: number;
  /** Attributes 1..5; undefined where a field is empty. */
  fields: Partial<Record<1 | 2 | 3 | 4 | 5, OperationDataField>>;
}

export const MAX_OPERATION_DATA_FIELDS = 5;

/** An operation data string that does not parse or disagrees with the form: the message is why. */
export class InvalidOperationDataError extends DomainError<FormDataErrorCode> {
  constructor(reason: string, details: Readonly<Record<string, unknown>> = {}) {
    super('INVALID_OPERATION_DATA', reason, details);
  }
}

const AMOUNT = /^(\d+(?:\.\d+)?)([A-Z]{3})$/;
const IBAN = /^([A-Z]{2}\d{2}[A-Z0-9]{1,30})(?:,([A-Z0-9]{8}|[A-Z0-9]{11}))?$/;

/** A positive decimal with at most two significant decimals (trailing zeros ignored), as the builder demands. */
export function isValidAmount(amount: string): boolean {
  if (!/^\d+(\.\d+)?$/.test(amount)) return false;
  const [whole, fraction = ''] = amount.split('.');
  const significant = fraction.replace(/0+$/, '');
  return significant.length <= 2 && /[1-9]/.test(whole + significant);
}

function isValidDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const [y, m, d] = [yyyymmdd.slice(0, 4), yyyymmdd.slice(4, 6), yyyymmdd.slice(6)].map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Splits on unescaped `*` and resolves `\\`, `\*` and `\n`. */
function splitFields(body: string): string[] {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      const next = body[++i];
      if (next === '\\' || next === '*') current += next;
      else if (next === 'n') current += '\n';
      else throw new InvalidOperationDataError(`invalid escape at position ${i}`);
    } else if (c === '*') {
      fields.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  fields.push(current);
  return fields;
}

function parseField(raw: string, index: number): OperationDataField | undefined {
  if (raw === '') return undefined;
  const prefix = raw[0];
  const value = raw.slice(1);
  const bad = (what: string) => new InvalidOperationDataError(`field ${index} is not a valid ${what}`);
  switch (prefix) {
    case 'A': {
      const m = AMOUNT.exec(value);
      if (!m || !isValidAmount(m[1])) throw bad('amount');
      return { type: 'AMOUNT', amount: m[1], currency: m[2] };
    }
    case 'I': {
      const m = IBAN.exec(value);
      if (!m) throw bad('IBAN');
      return m[2] ? { type: 'IBAN', iban: m[1], bic: m[2] } : { type: 'IBAN', iban: m[1] };
    }
    case 'Q':
      if (!value) throw bad('account');
      return { type: 'ACCOUNT', account: value };
    case 'D':
      if (!isValidDate(value)) throw bad('date');
      return { type: 'DATE', date: `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6)}` };
    case 'R':
      return { type: 'REFERENCE', text: value };
    case 'N':
      return { type: 'NOTE', text: value };
    case 'T':
      return { type: 'TEXT', text: value };
    default:
      throw new InvalidOperationDataError(`field ${index} has the unknown type "${prefix}"`);
  }
}

/** Parses and validates an operation data string; throws InvalidOperationDataError. */
export function parseOperationData(data: string): OperationData {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(data)) throw new InvalidOperationDataError('control characters are not allowed');
  const header = /^([A-Z])(\d{1,2})(?=\*|$)/.exec(data);
  if (!header) throw new InvalidOperationDataError('the header must be a version letter and a template number');
  const rest = data.slice(header[0].length);
  const raw = rest === '' ? [] : splitFields(rest.slice(1));
  if (raw.length > MAX_OPERATION_DATA_FIELDS) {
    throw new InvalidOperationDataError(`at most ${MAX_OPERATION_DATA_FIELDS} fields are allowed`);
  }
  const fields: OperationData['fields'] = {};
  raw.forEach((value, i) => {
    const field = parseField(value, i + 1);
    if (field) fields[(i + 1) as 1] = field;
  });
  return { version: header[1], templateId: Number(header[2]), fields };
}

/**
 * Normalises free text as the anchor's builder does: `\` → `\\`, line breaks → literal `\n`,
 * every whitespace run → one space (not trimmed), `*` → `\*`.
 */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/\s+/g, ' ').replace(/\*/g, '\\*');
}

function formatField(field: OperationDataField): string {
  switch (field.type) {
    case 'AMOUNT':
      if (!isValidAmount(field.amount))
        throw new InvalidOperationDataError('the amount must be positive with at most 2 decimals');
      if (!/^[A-Z]{3}$/.test(field.currency))
        throw new InvalidOperationDataError('the currency must be an ISO 4217 code');
      return `A${field.amount}${field.currency}`;
    case 'IBAN':
      return `I${field.iban}${field.bic ? `,${field.bic}` : ''}`;
    case 'ACCOUNT':
      return `Q${field.account}`;
    case 'DATE':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(field.date) || !isValidDate(field.date.replace(/-/g, ''))) {
        throw new InvalidOperationDataError('the date must be YYYY-MM-DD');
      }
      return `D${field.date.replace(/-/g, '')}`;
    case 'REFERENCE':
      return `R${escapeText(field.text)}`;
    case 'NOTE':
      return `N${escapeText(field.text)}`;
    case 'TEXT':
      return `T${escapeText(field.text)}`;
  }
}

/** Writes an operation data string; separators are emitted only up to the last field that is set. */
export function formatOperationData(data: OperationData): string {
  if (!data.version || !/^[A-Z]$/.test(data.version))
    throw new InvalidOperationDataError('Template version is missing.');
  if (data.templateId === undefined || data.templateId === null || !Number.isInteger(data.templateId)) {
    throw new InvalidOperationDataError('Template ID is missing.');
  }
  if (data.templateId < 0 || data.templateId > 99) throw new InvalidOperationDataError('Template ID must be 0-99.');
  const indexes = Object.keys(data.fields).map(Number);
  const last = indexes.length ? Math.max(...indexes) : 0;
  if (last > MAX_OPERATION_DATA_FIELDS) throw new InvalidOperationDataError('at most 5 fields are allowed');
  let out = `${data.version}${data.templateId}`;
  for (let i = 1; i <= last; i++) {
    const field = data.fields[i as 1];
    out += `*${field ? formatField(field) : ''}`;
  }
  return out;
}

/** Builder in the style of the anchor's OperationDataBuilder: a later value for the same index wins. */
export class OperationDataBuilder {
  private version?: string;
  private template?: number;
  private readonly fields: OperationData['fields'] = {};

  templateVersion(version: string): this {
    this.version = version;
    return this;
  }

  templateId(id: number): this {
    this.template = id;
    return this;
  }

  attr(index: 1 | 2 | 3 | 4 | 5, field: OperationDataField): this {
    this.fields[index] = field;
    return this;
  }

  build(): string {
    if (this.version === undefined || this.template === undefined) {
      throw new InvalidOperationDataError('Template ID is missing.');
    }
    return formatOperationData({ version: this.version, templateId: this.template, fields: this.fields });
  }
}
