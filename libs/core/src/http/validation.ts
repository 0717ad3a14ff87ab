import { Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { FieldError, RequestValidationError } from '../errors/domain-error';

/** Flattens class-validator's tree into `requestObject.formData.parameters.0.id`-style paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ path, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], path)];
  });
}

/**
 * Global validation: DTOs are instantiated (transform), unknown fields are dropped (newer clients
 * send extra fields), and failures become RequestValidationError, which each API renders as its
 * own 400.
 */
export function createValidationPipe(): ValidationPipe {
  return validationPipe({ forbidNonWhitelisted: false });
}

/**
 * For a route that refuses unknown keys (the audit trail's query: an unknown filter must not
 * quietly answer everything): the global pipe's conversion and rules, and any key the DTO does
 * not declare is a 400. Declare the parameter as a mapped type (`Readonly<Dto>`), so the global
 * pipe, which would drop unknown keys first, leaves it to this one.
 */
export function createStrictValidationPipe(dto: Type): ValidationPipe {
  return validationPipe({ expectedType: dto, forbidNonWhitelisted: true });
}

function validationPipe(options: { expectedType?: Type; forbidNonWhitelisted: boolean }): ValidationPipe {
  memoizeValidationMetadata();
  return new ValidationPipe({
    ...options,
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}

type Storage = Record<string, (...args: unknown[]) => unknown> & { [memoized]?: true };
const memoized = Symbol.for('stepwise.validationMetadataMemo');

/**
 * class-validator looks up a class's rules anew for every object it validates, scanning every
 * class with rules for ancestors (there are hundreds of DTOs), and groups them by property anew:
 * some 3 % of the server's CPU in a Next Step call (issue 13). Rules are only added while classes
 * are defined, so both lookups are remembered, and forgotten whenever a rule or schema is added.
 * The remembered arrays are only read by class-validator and ValidationPipe.
 */
export function memoizeValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as Storage;
  if (storage[memoized]) return;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byClass = new WeakMap<object, Map<string, unknown>>();
  let grouped = new WeakMap<object, unknown>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (typeof target !== 'function') return lookUp(target, schema, always, strictGroups, groups);
    const key = JSON.stringify([schema, always, strictGroups, groups]);
    let cached = byClass.get(target);
    if (!cached) byClass.set(target, (cached = new Map()));
    if (!cached.has(key)) cached.set(key, lookUp(target, schema, always, strictGroups, groups));
    return cached.get(key);
  };
  storage.groupByPropertyName = (metadatas) => {
    if (typeof metadatas !== 'object' || metadatas === null) return group(metadatas);
    if (!grouped.has(metadatas)) grouped.set(metadatas, group(metadatas));
    return grouped.get(metadatas);
  };
  for (const add of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema']) {
    const original = storage[add].bind(storage);
    storage[add] = (...args: unknown[]) => {
      byClass = new WeakMap();
      grouped = new WeakMap();
      return original(...args);
    };
  }
  storage[memoized] = true;
}
