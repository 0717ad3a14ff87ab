import { ENV, Env, EnvReader } from '@app/core';

/** Session lifetimes (operator contract: TA_SESSION_IDLE_SECONDS, TA_SESSION_MAX_SECONDS). */
export class TransactionApprovalConfig {
  /** Idle timeout, RTS Art. 4(3)(d): at most 5 minutes without activity. */
  readonly sessionIdleSeconds: number;
  /** Absolute lifetime of a session, however active. */
  readonly sessionMaxSeconds: number;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.sessionIdleSeconds = read.int('TA_SESSION_IDLE_SECONDS', 300, { min: 10, max: 300 });
    this.sessionMaxSeconds = read.int('TA_SESSION_MAX_SECONDS', 900, { min: this.sessionIdleSeconds, max: 24 * 3600 });
  }
}

export const transactionApprovalConfigProvider = {
  provide: TransactionApprovalConfig,
  inject: [ENV],
  useFactory: (env: Env) => new TransactionApprovalConfig(env),
};
