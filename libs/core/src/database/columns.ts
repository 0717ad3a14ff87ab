import { Column, ColumnOptions } from 'typeorm';
import { RequestValidationError } from '../errors/domain-error';

/** Largest value of an `int` column (signed 32 bits on both drivers): the limit of every int field. */
export const INT_COLUMN_MAX = 2_147_483_647;

/** What a TEXT column holds on MySQL/MariaDB (bytes); enforced on SQLite too, so both refuse alike. */
export const TEXT_MAX_BYTES = 65_535;

/**
 * Column types that mean the same on MySQL/MariaDB and SQLite, so one entity maps to both
 * migration sets. Times are UTC with millisecond precision; money is a decimal string.
 */
export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...options });
}

/**
 * Arbitrary JSON kept as text (MariaDB reports JSON columns as LONGTEXT, which would never match).
 * The serialized value must fit the TEXT column: a larger one (e.g. user input merged over several
 * requests) is refused as a validation failure before the statement is sent.
 */
export function JsonTextColumn(options: ColumnOptions = {}): PropertyDecorator {
  return (target, propertyKey) => {
    const field = String(propertyKey);
    Column({
      type: 'simple-json',
      ...options,
      transformer: {
        to: (value: unknown) => {
          if (value != null && Buffer.byteLength(JSON.stringify(value)) > TEXT_MAX_BYTES) {
            throw new RequestValidationError([
              { path: field, rule: 'maxBytes', message: `${field} must serialize to at most ${TEXT_MAX_BYTES} bytes` },
            ]);
          }
          return value;
        },
        from: (value: unknown) => value,
      },
    })(target, propertyKey);
  };
}

/** A decimal amount as a string, e.g. "1500.00"; never a JS number. */
export function MoneyColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 40, ...options });
}
