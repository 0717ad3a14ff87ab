import { Column, ColumnOptions } from 'typeorm';

/**
 * Column types that mean the same on MySQL/MariaDB and SQLite, so one entity maps to both
 * migration sets. Times are UTC with millisecond precision; money is a decimal string.
 */
export function DateTimeColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'datetime', precision: 3, ...options });
}

/** Arbitrary JSON kept as text (MariaDB reports JSON columns as LONGTEXT, which would never match). */
export function JsonTextColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'simple-json', ...options });
}

/** A decimal amount as a string, e.g. "1500.00"; never a JS number. */
export function MoneyColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'varchar', length: 40, ...options });
}
