import { Injectable, PipeTransform, Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { validate } from 'class-validator';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { RequestValidationError } from '../errors/domain-error';
import { flattenValidationErrors } from './validation';

/**
 * The metadata of class-transformer's @Type decorators (read here, never used to transform);
 * class-transformer exports it only under this path (@nestjs/mapped-types reads it the same way).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/**
 * For APIs that refuse unknown body fields (transaction approval: "unexpected parameters result
 * in a validation error"; /v1: the upstream's unsupported-parameter error), unlike the global
 * pipe, which drops them. Handlers declare their body as a plain object (so the global pipe
 * leaves it alone) and pass it through this pipe with its DTO. No body is read as an empty
 * object; a body that is not a JSON object (an array, a string) is refused.
 */
@Injectable()
export class StrictBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T>> {
  constructor(private readonly dto: Type<T>) {}

  async transform(value: unknown): Promise<T> {
    const body = value === undefined ? {} : value;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new RequestValidationError([{ path: '', rule: 'isObject', message: 'the body must be a JSON object' }]);
    }
    const instance = instanceOf(this.dto, body as Record<string, unknown>);
    const errors = await validate(instance, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: false,
    });
    if (errors.length > 0) throw new RequestValidationError(flattenValidationErrors(errors));
    return instance;
  }
}

/**
 * The DTO instance class-validator needs, holding the body's own fields as they are. Not
 * class-transformer: it rebuilds nested plain objects through their `constructor` field, so a
 * parameter named "constructor" would crash it (a 500 instead of the 400 it deserves). Fields
 * the DTO declares with `@Type(() => Nested)` (with `@ValidateNested`) become instances of
 * Nested the same way, one by one in an array, so their unknown fields are refused too.
 */
function instanceOf<T extends object>(dto: Type<T>, body: Record<string, unknown>): T {
  const instance = Object.create(dto.prototype as object) as T;
  for (const key of Object.keys(body)) {
    const nested = nestedType(dto, key);
    const value = nested ? nestedValue(nested, body[key]) : body[key];
    Object.defineProperty(instance, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return instance;
}

function nestedValue(nested: Type<object>, value: unknown): unknown {
  const one = (item: unknown) => (isPlainObject(item) ? instanceOf(nested, item) : item);
  return Array.isArray(value) ? value.map(one) : one(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The class a DTO's `@Type` decorator names for a field, if any (own or inherited). */
function nestedType(dto: Type<object>, key: string): Type<object> | undefined {
  const type = defaultMetadataStorage.findTypeMetadata(dto, key)?.typeFunction() as Type<object> | undefined;
  return typeof type === 'function' && type !== Object ? type : undefined;
}

/**
 * The type of a handler's body parameter checked by StrictBodyPipe. A mapped type, so the
 * parameter's reflected type is Object and the global pipe (which would drop unknown fields
 * first) leaves the body to this one.
 */
export type StrictBody<T> = Readonly<T>;

/** The body of a call that takes none: any field is unknown. */
export class NoBody {}

/** OpenAPI for a route taking NoBody: nothing, or an empty JSON object. */
export const ApiNoBody = (): MethodDecorator =>
  ApiBody({ required: false, schema: { type: 'object', additionalProperties: false } });
