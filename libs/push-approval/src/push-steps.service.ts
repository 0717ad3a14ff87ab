import { Injectable } from '@nestjs/common';
import {
  ApprovalSteps,
  SessionHandle,
  SessionsService,
  StepAnswer,
  StepDecision,
  TransactionApprovalError,
} from '@app/transaction-approval';
import { PushApprovalMethod } from './push-approval.method';

/** The steps of the push prompt (spec §4): poll, offline QR code, offline code check. */
@Injectable()
export class PushSteps {
  constructor(
    private readonly sessions: SessionsService,
    private readonly steps: ApprovalSteps,
    private readonly push: PushApprovalMethod,
  ) {}

  /**
   * Pending: the same prompt again. Approved on a device: `{}` (plus the proof), and again on
   * every later poll of the approved session (also one approved by a code: its proof was kept). Denied (or a wrong number): 403
   * TRANSACTION_REJECTED. Nobody decided in time: 403 APPROVAL_EXPIRED. Either ends the session.
   */
  poll(handle: SessionHandle): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session): Promise<StepDecision> => {
      if (session.state === 'APPROVED') {
        const proof = (session.methodData as { approvalProof?: string } | null)?.approvalProof;
        return { attributes: proof ? { approvalProof: proof } : {} };
      }
      const { context } = await this.steps.methodContext(session);
      const state = await this.push.pushState(session);
      switch (state?.state) {
        case 'PENDING':
          return { attributes: { nextStep: session.state, ...(session.prompt ?? {}) } };
        case 'APPROVED': {
          const proof = await this.push.proof(context, 'PUSH');
          return {
            to: 'APPROVED',
            changes: { methodData: { ...session.methodData, ...proof } },
            attributes: proof,
            events: [{ type: 'approved', data: { method: 'PUSH', deviceId: state.deviceId } }],
          };
        }
        case 'DENIED':
          await this.push.end({ ...session, state: 'REJECTED' });
          return {
            to: 'REJECTED',
            events: [{ type: 'denied', data: { deviceId: state.deviceId, reason: state.reason } }],
            failure: new TransactionApprovalError(
              'TRANSACTION_REJECTED',
              'The transaction was rejected on the device.',
            ),
          };
        default:
          await this.push.end({ ...session, state: 'EXPIRED' });
          return {
            to: 'EXPIRED',
            events: [{ type: 'expired', data: { reason: 'APPROVAL_EXPIRED' } }],
            failure: new TransactionApprovalError('APPROVAL_EXPIRED', 'Nobody approved in time.'),
          };
      }
    });
  }

  /** The offline QR code and its challenge; the session stays where it is. */
  qrCode(handle: SessionHandle): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session) => {
      const { context } = await this.steps.methodContext(session);
      const { qrCode, challenge } = await this.push.qrCode(context);
      return { attributes: { qrCode, challenge }, events: [{ type: 'offline-code-shown' }] };
    });
  }

  /** The offline code, with the OTP limits of §5 (the session's code check). */
  checkOfflineCode(handle: SessionHandle, otp: string): Promise<StepAnswer> {
    return this.steps.checkCode(handle, otp);
  }
}
