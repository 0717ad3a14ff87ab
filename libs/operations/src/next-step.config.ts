import { Env, EnvReader } from '@app/core';

/** Settings of the Next Step operations. */
export class NextStepConfig {
  /** Default lifetime of an operation, extended by every accepted step (sliding). */
  readonly operationExpirationSeconds: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.operationExpirationSeconds = read.int('OPERATION_EXPIRATION_SECONDS', 300, { min: 1, max: 30 * 24 * 3600 });
  }
}
