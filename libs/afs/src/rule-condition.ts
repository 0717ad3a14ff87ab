import { DECIMAL, DomainError } from '@app/core';
import { CompiledExpression, ExpressionType, compileExpression } from '@app/expressions';

/** Facts a rule can test; nothing else of the request is reachable from a rule. */
export const AFS_FACTS = [
  'action',
  'afsType',
  'operationName',
  'amount',
  'currency',
  'userId',
  'organizationId',
  'stepIndex',
  'authStepResult',
  'operationTerminationReason',
  'clientIpAddress',
  'username',
] as const;
export type AfsFact = (typeof AFS_FACTS)[number];
export type AfsFacts = Partial<Record<AfsFact, string | null>>;

export const AFS_OPERATORS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'exists', 'missing'] as const;
export type AfsOperator = (typeof AFS_OPERATORS)[number];

type Scalar = string | number | boolean;

/** A rule's condition: plain data, evaluated by `matches` below (never compiled or eval'd). */
export type RuleCondition =
  | { all: RuleCondition[] }
  | { any: RuleCondition[] }
  | { not: RuleCondition }
  | { fact: AfsFact; op: AfsOperator; value?: Scalar | Scalar[] };

/** What the anti-fraud rules refuse (the admin API answers it as a 400). */
export type AfsErrorCode = 'INVALID_RULE';

export class AfsError extends DomainError<AfsErrorCode> {}

const MAX_DEPTH = 6;
const MAX_NODES = 64;

/** Checks untrusted JSON (from the admin API) and returns it as a condition, or throws INVALID_RULE. */
export function parseCondition(input: unknown): RuleCondition {
  let nodes = 0;
  const fail = (why: string): never => {
    throw new AfsError('INVALID_RULE', `Invalid rule condition: ${why}.`);
  };
  const walk = (node: unknown, depth: number): RuleCondition => {
    if (++nodes > MAX_NODES) fail(`more than ${MAX_NODES} nodes`);
    if (depth > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH}`);
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return fail('each node must be an object');
    const keys = Object.keys(node);
    const n = node as Record<string, unknown>;
    if (keys.length === 1 && (keys[0] === 'all' || keys[0] === 'any')) {
      const list = n[keys[0]];
      if (!Array.isArray(list) || list.length === 0) return fail(`"${keys[0]}" needs a non-empty list`);
      const children = list.map((c) => walk(c, depth + 1));
      return keys[0] === 'all' ? { all: children } : { any: children };
    }
    if (keys.length === 1 && keys[0] === 'not') return { not: walk(n.not, depth + 1) };
    if (!keys.every((k) => ['fact', 'op', 'value'].includes(k))) return fail(`unknown keys ${keys.join(', ')}`);
    if (!(AFS_FACTS as readonly string[]).includes(n.fact as string)) return fail(`unknown fact "${String(n.fact)}"`);
    if (!(AFS_OPERATORS as readonly string[]).includes(n.op as string))
      return fail(`unknown operator "${String(n.op)}"`);
    const op = n.op as AfsOperator;
    const value = n.value;
    const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 256;
    if (op === 'exists' || op === 'missing') {
      if (value !== undefined) fail(`"${op}" takes no value`);
    } else if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(value) || value.length === 0 || value.length > 50 || !value.every(scalar)) {
        fail(`"${op}" needs a list of 1-50 values`);
      }
    } else if (!scalar(value)) {
      fail(`"${op}" needs a string, number or boolean value`);
    } else if (['lt', 'lte', 'gt', 'gte'].includes(op) && !DECIMAL.test(String(value))) {
      fail(`"${op}" needs a decimal number`);
    }
    return { fact: n.fact as AfsFact, op, ...(value === undefined ? {} : { value: value as Scalar | Scalar[] }) };
  };
  const condition = walk(input, 1);
  compiledFor(condition); // the CEL form compiles too (it always should; a failure is INVALID_RULE)
  return condition;
}

/**
 * A (parsed) condition as a CEL expression over the facts. The rules keep their JSON form in the
 * admin API and the database; evaluation runs on the one expression engine the server has
 * (@app/expressions), so anti-fraud rules and OTP-protected operations share one language.
 * Facts are strings or null; amounts compare as exact decimals.
 */
export function conditionToCel(condition: RuleCondition): string {
  if ('all' in condition) return condition.all.map((c) => `(${conditionToCel(c)})`).join(' && ');
  if ('any' in condition) return condition.any.map((c) => `(${conditionToCel(c)})`).join(' || ');
  if ('not' in condition) return `!(${conditionToCel(condition.not)})`;
  const fact = condition.fact;
  const literal = (v: Scalar) => JSON.stringify(String(v));
  const list = () => `[${(condition.value as Scalar[]).map(literal).join(', ')}]`;
  switch (condition.op) {
    case 'exists':
      return `${fact} != null && ${fact} != ""`;
    case 'missing':
      return `${fact} == null || ${fact} == ""`;
    case 'eq':
      return `${fact} != null && ${fact} == ${literal(condition.value as Scalar)}`;
    case 'ne':
      return `${fact} != ${literal(condition.value as Scalar)}`;
    case 'in':
      return `${fact} != null && ${fact} in ${list()}`;
    case 'notIn':
      return `${fact} == null || !(${fact} in ${list()})`;
    default: {
      const operator = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[condition.op];
      return `isDecimal(${fact}) && compareDecimal(${fact}, ${literal(condition.value as Scalar)}) ${operator} 0`;
    }
  }
}

const FACT_TYPES = Object.fromEntries(AFS_FACTS.map((f) => [f, 'dyn'])) as Record<AfsFact, ExpressionType>;
/** Compiled rules by their CEL text (a pure function of the text, so it can never be stale). */
const compiled = new Map<string, CompiledExpression>();
const MAX_COMPILED = 500;

function compiledFor(condition: RuleCondition): CompiledExpression {
  const source = conditionToCel(condition);
  let expression = compiled.get(source);
  if (!expression) {
    expression = compileExpression(source, { variables: FACT_TYPES, resultType: 'bool' });
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(source, expression);
  }
  return expression;
}

/** Evaluates a (parsed) condition against the facts of one AFS request (through CEL). */
export function matches(condition: RuleCondition, facts: AfsFacts): boolean {
  const values: Record<string, string | null> = {};
  for (const fact of AFS_FACTS) values[fact] = facts[fact] ?? null;
  return compiledFor(condition).test(values);
}
