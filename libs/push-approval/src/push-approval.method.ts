import { Injectable, OnModuleInit } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ChallengeError, ChallengesService, DIGITS, ocra } from '@app/challenges';
import {
  ApprovalProofs,
  ApprovalRequestState,
  ApprovalsService,
  DeviceError,
  DevicesService,
  OCRA_SUITE,
  newOfflineNonce,
  offlineChallenge,
  offlinePayload,
  offlineQrCode,
} from '@app/devices';
import {
  ApprovalContext,
  ApprovalMethod,
  ApprovalMethods,
  ApprovalStart,
  CodeCheckOutcome,
  MessageRenderer,
  SessionView,
  TransactionApprovalError,
  pickMessage,
} from '@app/transaction-approval';

/** The challenge chain of the offline code: one per session, its tries the OTP limits of §5. */
const OFFLINE_PURPOSE = 'transaction-approval.offline';
const OFFLINE_STEP = 'OCRA';
const OFFLINE_CODE = /^\d{8}$/;

/** What the method keeps on the session (never a secret: the nonce only feeds a public challenge). */
interface PushMethodData {
  requestId: string;
  offlineNonce: string;
  deviceIds: string[];
  /** The proof handed out with the approval, answered again to a repeated poll. */
  approvalProof?: string;
}

/**
 * PUSH (spec §7): `parameters` sends an approval to the user's devices; the e-banking polls
 * until a device decides; instead, the user may scan the offline QR code and type the OCRA code
 * the app computes. Runs inside the session's transaction with its row locked.
 */
@Injectable()
export class PushApprovalMethod implements ApprovalMethod, OnModuleInit {
  readonly name = 'PUSH' as const;
  readonly promptState = 'AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED' as const;
  /** An offline code's proof names how the approval was given. */
  readonly codeProofMethod = 'PUSH_OFFLINE_OTP';

  constructor(
    private readonly methods: ApprovalMethods,
    private readonly approvals: ApprovalsService,
    private readonly devices: DevicesService,
    private readonly proofs: ApprovalProofs,
    private readonly challenges: ChallengesService,
    private readonly renderer: MessageRenderer,
  ) {}

  onModuleInit(): void {
    this.methods.register(this);
  }

  async start(context: ApprovalContext): Promise<ApprovalStart> {
    const { flow, user, session } = context;
    const message = pickMessage(flow.messages, user.language, context.parameters.type);
    const text = message ? this.renderer.render(message, context.parameters, null).text : defaultText(context.linked);
    let created;
    try {
      created = await this.approvals.request({
        userId: user.userId,
        subject: session.sessionId,
        flowId: flow.flowId,
        message: text,
        messageParameters: context.linked,
        numberMatching: flow.numberMatching,
        validitySeconds: flow.pushValiditySeconds,
        deviceId: context.authTokenId ?? null,
      });
    } catch (error) {
      if (
        error instanceof DeviceError &&
        (error.code === 'NO_APPROVAL_DEVICE' || error.code === 'TOO_MANY_APPROVALS')
      ) {
        throw new TransactionApprovalError(error.code, error.message, error.details);
      }
      throw error;
    }
    const methodData: PushMethodData = {
      requestId: created.requestId,
      offlineNonce: newOfflineNonce(),
      deviceIds: created.deviceIds,
    };
    return {
      attributes: created.numberChallenge === null ? {} : { numberChallenge: created.numberChallenge },
      methodData: { ...methodData },
      events: [
        {
          type: 'push-sent',
          data: {
            requestId: created.requestId,
            devices: created.deviceIds.length,
            // spec §4: an authTokenId that names no active device of the user is ignored, and noted here
            namedDeviceIgnored: created.namedDeviceIgnored,
            expiresAt: created.expiresAt.toISOString(),
          },
        },
      ],
    };
  }

  /** Where the push stands (the poll). */
  async pushState(session: SessionView): Promise<ApprovalRequestState | null> {
    return this.approvals.state(dataOf(session).requestId);
  }

  /** The proof of an approval by `method`, when the flow asks for one. */
  async proof(context: ApprovalContext, method: string): Promise<Record<string, string>> {
    if (!context.flow.approvalProof) return {};
    const approvalProof = await this.proofs.sign({
      sub: context.user.userId,
      sid: context.session.sessionId,
      flow: context.flow.flowId,
      method,
      params: context.linked,
    });
    return { approvalProof };
  }

  /**
   * The offline QR code: `stepwise-ta:1:<challenge>:<linked parameters>`. Its challenge chain is
   * opened at the first call (one per session; later calls show the same code, never reset tries).
   */
  async qrCode(context: ApprovalContext): Promise<{ qrCode: string; challenge: string }> {
    const data = dataOf(context.session);
    const challenge = offlineChallenge(data.offlineNonce, context.linked);
    const live = await this.challenges.status(OFFLINE_PURPOSE, context.session.sessionId, OFFLINE_STEP);
    if (!live) {
      try {
        await this.challenges.issue({
          purpose: OFFLINE_PURPOSE,
          subject: context.session.sessionId,
          step: OFFLINE_STEP,
          channel: 'OCRA',
          userId: context.user.userId,
          binding: context.linked,
          format: { alphabet: DIGITS, length: 8 },
          policy: {
            lifetimeSeconds: context.flow.otpValiditySeconds,
            maxTries: context.flow.maxWrongOtpChecks + 1,
            resendSpacingSeconds: 0,
            maxResends: 0,
          },
        });
      } catch (error) {
        if (error instanceof ChallengeError)
          throw new TransactionApprovalError(error.code, error.message, error.details);
        throw error;
      }
    }
    return { qrCode: await offlineQrCode(offlinePayload(challenge, context.linked)), challenge };
  }

  /** The offline code: OCRA over the challenge with the secret of one of the approval's devices. */
  async checkCode(context: ApprovalContext, code: string): Promise<CodeCheckOutcome> {
    const data = dataOf(context.session);
    const challenge = offlineChallenge(data.offlineNonce, context.linked);
    const secrets = await this.devices.ocraSecrets(context.user.userId, data.deviceIds);
    const entered = Buffer.from(OFFLINE_CODE.test(code) ? code : '--------');
    let matched = false;
    for (const { secret } of secrets) {
      const expected = Buffer.from(ocra(OCRA_SUITE, secret, { question: challenge }));
      matched = timingSafeEqual(expected, entered) || matched; // every device compared: constant work
    }
    const result = await this.challenges.verify({
      purpose: OFFLINE_PURPOSE,
      subject: context.session.sessionId,
      step: OFFLINE_STEP,
      answerMatched: matched,
      binding: context.linked,
    });
    switch (result.outcome) {
      case 'VERIFIED':
        await this.approvals.withdraw(data.requestId); // the devices stop showing it
        return { outcome: 'APPROVED' };
      case 'WRONG':
        return { outcome: 'WRONG', remainingAttempts: result.remainingTries };
      case 'EXHAUSTED':
        return { outcome: 'EXHAUSTED' };
      case 'LOCKED':
        return { outcome: 'LOCKED', lockedUntil: result.lockedUntil };
      default:
        return { outcome: 'EXPIRED' }; // no QR code asked for yet, expired, or used
    }
  }

  async end(session: SessionView): Promise<void> {
    const data = session.methodData as Partial<PushMethodData> | null;
    if (data?.requestId) await this.approvals.withdraw(data.requestId);
    await this.challenges.invalidate(OFFLINE_PURPOSE, session.sessionId);
  }
}

function dataOf(session: SessionView): PushMethodData {
  return session.methodData as unknown as PushMethodData;
}

/** Without a flow message the device shows the linked values themselves. */
function defaultText(linked: Record<string, string>): string {
  return Object.entries(linked)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}
