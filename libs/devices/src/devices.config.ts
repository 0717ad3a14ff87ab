import { ConfigError, ENV, Env, EnvReader } from '@app/core';

/** Devices, push approvals and proofs of approval (README "Push approval" lists them). */
export class DevicesConfig {
  /** How long an activation code of an enrolment works (spec §7: 10 minutes). */
  readonly activationSeconds: number;
  /** Anti-fatigue: at most this many push approval requests per user … */
  readonly maxApprovalsPerWindow: number;
  /** … within this many seconds (spec §7: 3 per 10 minutes). */
  readonly approvalWindowSeconds: number;
  /** Scheme and host of the activation URI the bank's app opens (e.g. from a QR code). */
  readonly activationUriBase: string;
  /** PKCS#8 PEM of an EC P-256 key signing proofs of approval; none: one is generated and kept. */
  readonly approvalSigningKey?: string;
  /** How long a newly generated signing key is published before it signs (JWKS caches). */
  readonly signingKeyPublishAheadSeconds: number;
  /** How long a replaced signing key stays in the JWKS (spec: a day). */
  readonly signingKeyRetainSeconds: number;
  /** `iss` of proofs of approval. */
  readonly proofIssuer: string;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.activationSeconds = read.int('DEVICE_ACTIVATION_SECONDS', 600, { min: 60, max: 86_400 });
    this.maxApprovalsPerWindow = read.int('PUSH_MAX_APPROVALS', 3, { min: 1, max: 100 });
    this.approvalWindowSeconds = read.int('PUSH_APPROVAL_WINDOW_SECONDS', 600, { min: 60, max: 86_400 });
    this.activationUriBase = read.string('DEVICE_ACTIVATION_URI', 'stepwise://activate');
    if (!/^[a-z][a-z0-9+.-]*:/i.test(this.activationUriBase)) {
      throw new ConfigError('DEVICE_ACTIVATION_URI', 'must be an absolute URI such as stepwise://activate');
    }
    const pem = read.optionalString('APPROVAL_SIGNING_KEY');
    if (pem !== undefined && !/-----BEGIN PRIVATE KEY-----/.test(pem)) {
      throw new ConfigError('APPROVAL_SIGNING_KEY', 'must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)');
    }
    this.approvalSigningKey = pem?.replace(/\\n/g, '\n');
    this.signingKeyPublishAheadSeconds = read.int('APPROVAL_KEY_PUBLISH_AHEAD_SECONDS', 3600, {
      min: 0,
      max: 7 * 86_400,
    });
    this.signingKeyRetainSeconds = read.int('APPROVAL_KEY_RETAIN_SECONDS', 86_400, { min: 0, max: 30 * 86_400 });
    this.proofIssuer = read.string('APPROVAL_PROOF_ISSUER', 'stepwise');
  }
}

export const devicesConfigProvider = {
  provide: DevicesConfig,
  inject: [ENV],
  useFactory: (env: Env) => new DevicesConfig(env),
};
