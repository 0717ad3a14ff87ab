/**
 * What a failed statement says about the request rather than the server: a duplicate key (a
 * concurrent or repeated create), or a value the column cannot hold (validation missed a limit).
 * Both drivers' codes, so callers never look at driver errors themselves.
 */
function driverCode(error: unknown): string {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

export function isDuplicateKey(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const UNFIT_VALUE = new Set([
  'ER_DATA_TOO_LONG',
  'ER_WARN_DATA_OUT_OF_RANGE',
  'ER_BAD_NULL_ERROR',
  'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_TRUNCATED_WRONG_VALUE',
  'SQLITE_CONSTRAINT_NOTNULL',
  'SQLITE_TOOBIG',
]);

/** A value too long, out of range or null for its column. */
export function isUnfitValue(error: unknown): boolean {
  return UNFIT_VALUE.has(driverCode(error));
}
