import { DomainError } from '@app/core';

/** Java types Spring names in the 4th validationErrors entry (DefaultMessageCodesResolver). */
const FIELD_TYPES: Record<string, string> = {
  'requestObject.operationContext': 'io.getlime.security.powerauth.lib.dataadapter.model.entity.OperationContext',
  'requestObject.authenticationContext':
    'io.getlime.security.powerauth.lib.dataadapter.model.entity.AuthenticationContext',
  'requestObject.options': 'java.util.List',
};

/** Spring's 5-entry expansion of one rejected field (objectName `objectRequest`). */
export function expandFieldCode(code: string, path: string): string[] {
  const last = path.split('.').pop()!;
  const type = FIELD_TYPES[path] ?? 'java.lang.String';
  return [`${code}.objectRequest.${path}`, `${code}.${path}`, `${code}.${last}`, `${code}.${type}`, code];
}

/**
 * The composed `message` of the sample adapter's resolver: only username/password codes are
 * considered; every other validation failure reads `login.authenticationFailed`.
 */
export function composeValidationMessage(codes: readonly string[]): string {
  const has = (c: string) => codes.includes(c);
  if (has('login.username.empty')) {
    if (has('login.password.empty')) return 'login.username.empty login.password.empty';
    if (has('login.password.long')) return 'login.username.empty login.password.long';
    return 'login.username.empty';
  }
  if (has('login.password.empty')) {
    return has('login.username.long') ? 'login.password.empty login.username.long' : 'login.password.empty';
  }
  if (has('login.username.long')) {
    return has('login.password.long') ? 'login.username.long login.password.long' : 'login.username.long';
  }
  if (has('login.password.long')) return 'login.password.long';
  return 'login.authenticationFailed';
}

/** Blank as Spring's `StringUtils.hasText` sees it: null, not a string, empty or whitespace only. */
export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

export function lengthOf(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

/** 400 INPUT_INVALID with the composed message and the expanded codes. */
export class DataAdapterValidationError extends DomainError {
  constructor(readonly validationErrors: string[]) {
    super('INPUT_INVALID', composeValidationMessage(validationErrors), { validationErrors });
  }
}

/** Collects rejected fields in rejection order, like a Spring `Errors` object. */
export class FieldRejections {
  private readonly codes: string[] = [];

  reject(path: string, code: string): this {
    this.codes.push(...expandFieldCode(code, path));
    return this;
  }

  get empty(): boolean {
    return this.codes.length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw new DataAdapterValidationError([...this.codes]);
  }
}
