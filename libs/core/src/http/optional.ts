import { ValidateIf } from 'class-validator';

/**
 * Optional is not nullable. class-validator's `@IsOptional()` lets `null` through as well, and a
 * null then reaches a NOT NULL column (a 500). `@Omittable()` lets a field be left out, while
 * `null` is still validated (and refused by the field's type rule); fields that accept null say
 * so with `@Nullable()`.
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** The field may be left out or null (its column is nullable). */
export const Nullable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined && value !== null);
