import { DECIMAL, FieldError, compareDecimals } from '@app/core';
import type { FlowParameter, ParameterKind } from './flow.types';

const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));
const ACCOUNT = /^[A-Za-z0-9 /-]{1,34}$/;
const MAX_TEXT = 140;

const RULES: Record<ParameterKind, { check: (v: string) => boolean; message: string }> = {
  AMOUNT: {
    check: (v) => DECIMAL.test(v) && !v.startsWith('-') && compareDecimals(v, '0') === 1,
    message: 'must be a positive decimal string such as "9999" or "12.50"',
  },
  CURRENCY: { check: (v) => ISO_4217.has(v), message: 'must be an ISO 4217 currency code such as CHF' },
  ACCOUNT: { check: (v) => ACCOUNT.test(v), message: 'must be 1-34 of A-Z, a-z, 0-9, space, / and -' },
  TEXT: { check: (v) => v.length <= MAX_TEXT, message: `must be at most ${MAX_TEXT} characters` },
};

/**
 * `messageParameters` checked against the flow's allow-list (spec §5): unknown and missing names
 * are refused, values must be strings of their kind (a JSON number is refused: money is never a
 * float). Returns the values or the problems, each at `messageParameters.<name>`.
 */
export function checkMessageParameters(
  allowed: FlowParameter[],
  input: Readonly<Record<string, unknown>>,
): { values: Record<string, string>; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const values: Record<string, string> = {};
  const byName = new Map(allowed.map((p) => [p.name, p]));
  for (const name of Object.keys(input)) {
    if (!byName.has(name)) {
      problems.push({
        path: `messageParameters.${name}`,
        rule: 'whitelistValidation',
        message: `${name.slice(0, 64)} is not a parameter of this flow`,
      });
    }
  }
  for (const parameter of allowed) {
    const path = `messageParameters.${parameter.name}`;
    const value = Object.hasOwn(input, parameter.name) ? input[parameter.name] : undefined;
    if (value === undefined || value === null) {
      if (parameter.required) problems.push({ path, rule: 'isDefined', message: `${parameter.name} is required` });
      continue;
    }
    const rule = RULES[parameter.kind];
    if (typeof value !== 'string') {
      problems.push({ path, rule: 'isString', message: `${parameter.name} must be a string` });
    } else if (!rule.check(value)) {
      problems.push({ path, rule: parameter.kind.toLowerCase(), message: `${parameter.name} ${rule.message}` });
    } else {
      values[parameter.name] = value;
    }
  }
  return { values, problems };
}

/** The linked values, the data a code is bound to (dynamic linking, RTS Art. 5). */
export function linkedValues(allowed: FlowParameter[], values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    allowed.filter((p) => p.linked && values[p.name] !== undefined).map((p) => [p.name, values[p.name]]),
  );
}
