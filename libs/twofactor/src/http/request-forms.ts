import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldError, RequestValidationError, flattenValidationErrors } from '@app/core';
import type { OperationBinding } from '../twofactor.service';

/**
 * The upstream sends `?deliveryMethod=&extendedToken=&token=` as query parameters, MBanq a JSON
 * body: both are accepted, the body winning. Query values are text, so booleans are read here.
 */
export async function bodyOrQuery<T extends object>(
  type: new () => T,
  body: unknown,
  query: Record<string, unknown>,
  booleans: string[] = [],
): Promise<T> {
  const fromQuery: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (typeof value !== 'string') continue;
    fromQuery[key] = booleans.includes(key) && (value === 'true' || value === 'false') ? value === 'true' : value;
  }
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? body : {};
  const instance = plainToInstance(type, { ...fromQuery, ...fromBody });
  const errors = await validate(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) throw new RequestValidationError(flattenValidationErrors(errors));
  return instance;
}

const MAX_BOUND_PARAMETERS = 20;

/** The operation binding of a request, if it names one: flat scalar values only, bounded. */
export function bindingOf(input: {
  operation?: string;
  parameters?: Record<string, unknown>;
}): OperationBinding | undefined {
  if (input.operation === undefined && input.parameters === undefined) return undefined;
  const errors: FieldError[] = [];
  if (input.operation === undefined)
    errors.push({ path: 'operation', rule: 'isNotEmpty', message: 'operation is required with parameters.' });
  const parameters = input.parameters ?? {};
  const entries = Object.entries(parameters);
  if (entries.length > MAX_BOUND_PARAMETERS) {
    errors.push({ path: 'parameters', rule: 'max', message: `At most ${MAX_BOUND_PARAMETERS} parameters.` });
  }
  for (const [name, value] of entries) {
    const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
    if (!scalar || (typeof value === 'string' && value.length > 200) || name.length > 64) {
      errors.push({
        path: `parameters.${name}`,
        rule: 'isScalar',
        message: `parameters.${name} must be a short string, number, boolean or null.`,
      });
    }
  }
  if (errors.length) throw new RequestValidationError(errors);
  return { operation: input.operation!, parameters: parameters as OperationBinding['parameters'] };
}
