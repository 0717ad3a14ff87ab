import { ChallengePolicy } from '@app/challenges';
import { Env, EnvReader } from '@app/core';
import { readSmsPolicy } from './sms/sms-policy';

/** Request limits of the sample adapter: 0.24 (default) or 0.23 (spec §3.2, §3.3, §10.2). */
export interface DataAdapterLimits {
  usernameMax: number;
  userIdMax: number;
  plainPasswordMax: number;
  protectedPasswordMax: number;
  organizationIdMax: number;
  operationNameMax: number;
}

const LIMITS: Record<'0.23' | '0.24', DataAdapterLimits> = {
  '0.23': {
    usernameMax: 30,
    userIdMax: 30,
    plainPasswordMax: 30,
    protectedPasswordMax: 256,
    organizationIdMax: 256,
    operationNameMax: 32,
  },
  '0.24': {
    usernameMax: 40,
    userIdMax: 40,
    plainPasswordMax: 128,
    protectedPasswordMax: 256,
    organizationIdMax: 256,
    operationNameMax: 32,
  },
};

export class DataAdapterConfig {
  readonly limits: DataAdapterLimits;
  /** Key for PASSWORD_ENCRYPTION_AES passwords; without it such passwords never authenticate. */
  readonly passwordEncryptionKey?: Buffer;
  /** NULL_ID: unknown usernames get a 200 with null id (no enumeration); USER_NOT_FOUND: a 400 error. */
  readonly unknownUserLookup: 'NULL_ID' | 'USER_NOT_FOUND';
  readonly applicationEnvironment: string;
  /** Lifetime, attempts and resends of SMS authorization codes (OTP_SMS_*). */
  readonly smsPolicy: ChallengePolicy;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.limits = LIMITS[read.oneOf('DATA_ADAPTER_LIMITS', ['0.23', '0.24'] as const, '0.24')];
    this.passwordEncryptionKey = read.optionalBase64Key('PASSWORD_ENCRYPTION_KEY', [16, 24, 32]);
    this.unknownUserLookup = read.oneOf('DATA_ADAPTER_UNKNOWN_USER', ['NULL_ID', 'USER_NOT_FOUND'] as const, 'NULL_ID');
    this.applicationEnvironment = read.optionalString('DATA_ADAPTER_ENVIRONMENT') ?? '';
    this.smsPolicy = readSmsPolicy(read);
  }
}
