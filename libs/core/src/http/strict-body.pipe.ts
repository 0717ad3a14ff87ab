import { Injectable, PipeTransform, Type } from '@nestjs/common';
import { validate } from 'class-validator';
import { RequestValidationError } from '../errors/domain-error';
import { flattenValidationErrors } from './validation';

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
    const body = value ?? {};
    if (typeof body !== 'object' || Array.isArray(body)) {
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
 * parameter named "constructor" would crash it (a 500 instead of the 400 it deserves).
 */
function instanceOf<T extends object>(dto: Type<T>, body: Record<string, unknown>): T {
  const instance = Object.create(dto.prototype as object) as T;
  for (const key of Object.keys(body)) {
    Object.defineProperty(instance, key, { value: body[key], enumerable: true, writable: true, configurable: true });
  }
  return instance;
}

/** The body of a call that takes none: any field is unknown. */
export class NoBody {}
