import { Environment } from '@marcbachmann/cel-js';
import { compareDecimals, DomainError } from '@app/core';

/**
 * One expression language for every rule the bank writes (anti-fraud rules, OTP-protected
 * operations): CEL (Common Expression Language) through @marcbachmann/cel-js. CEL is not
 * Turing-complete, has no side effects and reaches only the variables it is given, so a rule
 * written by an administrator can never run code. Expressions are compiled and type-checked
 * against the declared variables before they are stored, so a typo fails at creation.
 */

export const MAX_EXPRESSION_LENGTH = 1000;

export type ExpressionErrorCode = 'EXPRESSION_INVALID' | 'EXPRESSION_EVALUATION_FAILED';

/** Why an expression was refused or could not be evaluated; `position` is the 0-based offset. */
export class ExpressionError extends DomainError<ExpressionErrorCode> {
  constructor(
    code: ExpressionErrorCode,
    message: string,
    readonly position: number | null = null,
  ) {
    super(code, message, position === null ? {} : { position });
  }
}

/** Variable types an expression may declare (CEL type names). */
export type ExpressionType = 'dyn' | 'string' | 'int' | 'double' | 'bool';

export interface CompileOptions {
  /** The only names the expression may read, with their types. */
  variables: Record<string, ExpressionType>;
  /** The type the result must have (checked at compile time where the types are known). */
  resultType?: 'bool';
}

export interface CompiledExpression {
  readonly source: string;
  /** Evaluates with the given values (plain JSON-like data); throws ExpressionError, never anything else. */
  evaluate(values: Record<string, unknown>): unknown;
  /** As evaluate, but the result must be a bool. */
  test(values: Record<string, unknown>): boolean;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

export function isValidVariableName(name: string): boolean {
  return VARIABLE_NAME.test(name) && !CEL_RESERVED.has(name);
}

/** Structural limits checked at parse time, so no stored rule is expensive to run. */
const LIMITS = { maxAstNodes: 500, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 };

/** Functions beyond standard CEL: exact decimal comparison of money amounts given as strings. */
function baseEnvironment(): Environment {
  return new Environment({ limits: LIMITS })
    .registerFunction(
      'isDecimal(dyn): bool',
      (value: unknown) => typeof value === 'string' && compareDecimals(value, '0') !== null,
    )
    .registerFunction('compareDecimal(string, string): int', (a: string, b: string) => {
      const order = compareDecimals(a, b);
      if (order === null) throw new Error('compareDecimal needs two decimal strings');
      return BigInt(order);
    });
}

/**
 * Compiles `source` for the declared variables. Refuses (ExpressionError EXPRESSION_INVALID,
 * with the position where CEL points) anything longer than 1000 characters, a syntax error, a
 * name that is not declared, a type error the checker can prove, or a non-bool result.
 */
export function compileExpression(source: string, options: CompileOptions): CompiledExpression {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      'EXPRESSION_INVALID',
      `The expression is longer than ${MAX_EXPRESSION_LENGTH} characters.`,
      MAX_EXPRESSION_LENGTH,
    );
  }
  const env = baseEnvironment();
  for (const [name, type] of Object.entries(options.variables)) {
    if (!isValidVariableName(name)) throw new ExpressionError('EXPRESSION_INVALID', `"${name}" is not a valid name.`);
    env.registerVariable(name, type);
  }
  let checked: { valid: boolean; type?: unknown; error?: Error & { node?: { pos?: number } } };
  let run: (values: Record<string, unknown>) => unknown;
  try {
    checked = env.check(source) as typeof checked;
    run = env.parse(source) as unknown as (values: Record<string, unknown>) => unknown;
  } catch (error) {
    throw invalid(error);
  }
  if (!checked.valid) throw invalid(checked.error);
  const resultType = typeName(checked.type);
  if (options.resultType === 'bool' && resultType !== 'bool' && !resultType.startsWith('dyn')) {
    throw new ExpressionError('EXPRESSION_INVALID', `The expression must be a condition (bool), not ${resultType}.`, 0);
  }
  const evaluate = (values: Record<string, unknown>): unknown => {
    const context: Record<string, unknown> = {};
    for (const name of Object.keys(options.variables)) context[name] = toCel(values[name] ?? null);
    try {
      return run(context);
    } catch (error) {
      throw new ExpressionError(
        'EXPRESSION_EVALUATION_FAILED',
        `The expression could not be evaluated: ${firstLine(error)}`,
      );
    }
  };
  return {
    source,
    evaluate,
    test(values) {
      const result = evaluate(values);
      if (typeof result !== 'boolean') {
        throw new ExpressionError('EXPRESSION_EVALUATION_FAILED', 'The expression did not evaluate to true or false.');
      }
      return result;
    },
  };
}

function invalid(error: unknown): ExpressionError {
  const position = positionOf(error);
  return new ExpressionError(
    'EXPRESSION_INVALID',
    `The expression is not valid CEL${position === null ? '' : ` at position ${position}`}: ${firstLine(error)}`,
    position,
  );
}

function typeName(type: unknown): string {
  if (type && typeof type === 'object' && 'name' in type) return String((type as { name: unknown }).name);
  return String(type);
}

function positionOf(error: unknown): number | null {
  const pos = (error as { node?: { pos?: unknown } } | undefined)?.node?.pos;
  return typeof pos === 'number' ? pos : null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim().slice(0, 200);
}

/** JSON-like values as CEL sees them: whole numbers are CEL ints, other numbers doubles. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') {
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) out.set(k, toCel(v));
    return out;
  }
  return value;
}
