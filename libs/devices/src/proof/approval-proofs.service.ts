import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { Clock } from '@app/core';
import { DevicesConfig } from '../devices.config';
import { ApprovalSigningKeys, PublishedKey } from './approval-signing-keys.service';

/** What a proof of approval states (spec §7). */
export interface ApprovalProofClaims {
  /** The user id. */
  sub: string;
  /** The session id (the JSON:API document id). */
  sid: string;
  flow: string;
  /** EMAIL_OTP, MTAN, PUSH or PUSH_OFFLINE_OTP: how the user approved. */
  method: string;
  /** The linked values the user saw. */
  params: Record<string, string>;
}

/**
 * Proofs of approval: a compact JWS (ES256) a bank can keep and verify later against the JWKS
 * at `…/transaction-approval/keys`, without asking stepwise.
 */
@Injectable()
export class ApprovalProofs {
  constructor(
    private readonly keys: ApprovalSigningKeys,
    private readonly clock: Clock,
    private readonly config: DevicesConfig,
  ) {}

  async sign(claims: ApprovalProofClaims): Promise<string> {
    const key = await this.keys.current();
    return new SignJWT({ sid: claims.sid, flow: claims.flow, method: claims.method, params: claims.params })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(this.config.proofIssuer)
      .setSubject(claims.sub)
      .setIssuedAt(Math.floor(this.clock.now().getTime() / 1000))
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  async jwks(): Promise<{ keys: PublishedKey[] }> {
    return { keys: await this.keys.published() };
  }
}
