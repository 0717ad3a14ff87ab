import { FieldError, RequestValidationError, StrictBodyPipe } from '@app/core';
import type { OperationBinding } from '../twofactor.service';

export interface QueryForm {
  /** The query parameters the upstream sends on this route; any other query key is ignored, as upstream. */
  keys: string[];
  /** Of those, the ones read as booleans (`true` / `false`). */
  booleans?: string[];
}

/**
 * The upstream sends `?deliveryMethod=&extendedToken=&token=` as query parameters, MBanq a JSON
 * body: both are accepted, the body winning. The body is strict (an unknown field or a body that
 * is not a JSON object is a 400, as upstream); query values are text, so booleans are read here.
 * `deliveryMethod` is compared in upper case (the upstream's query form sends `sms`).
 */
export function bodyOrQuery<T extends object>(
  type: new () => T,
  body: unknown,
  query: Record<string, unknown>,
  form: QueryForm,
): Promise<T> {
  const pipe = new StrictBodyPipe(type);
  const fromQuery: Record<string, unknown> = {};
  for (const key of form.keys) {
    const value = query?.[key];
    if (typeof value !== 'string') continue;
    fromQuery[key] = form.booleans?.includes(key) && (value === 'true' || value === 'false') ? value === 'true' : value;
  }
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) return pipe.transform(body); // refuses it
  const input: Record<string, unknown> = { ...fromQuery, ...body }; // spread: a "__proto__" key stays a field
  if (typeof input.deliveryMethod === 'string') input.deliveryMethod = input.deliveryMethod.toUpperCase();
  return pipe.transform(input);
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
