import type { PushApproval } from './approval.entity';

/** A pending approval as the device shows it (spec §7): the full context, no expected number. */
export interface PendingApprovalView {
  approvalId: string;
  flowId: string;
  message: string;
  messageParameters: Record<string, string>;
  dataHash: string;
  numberMatching: boolean;
  createdAt: Date;
  expiresAt: Date;
}

/** Where a push approval request stands, across all devices it went to. */
export interface ApprovalRequestState {
  requestId: string;
  state: 'PENDING' | 'APPROVED' | 'DENIED' | 'EXPIRED' | 'CANCELED';
  /** The device that decided (APPROVED / DENIED). */
  deviceId: string | null;
  /** e.g. WRONG_NUMBER for a DENIED that was an approve with the wrong number. */
  reason: string | null;
  decidedAt: Date | null;
  expiresAt: Date;
}

export interface CreatedApprovalRequest {
  requestId: string;
  /** Two digits for e-banking to show when number matching is on; null otherwise. */
  numberChallenge: string | null;
  expiresAt: Date;
  deviceIds: string[];
  /** The caller named a device (authTokenId) that is not an active device of the user: ignored. */
  namedDeviceIgnored: boolean;
}

/** The device's decision as recorded. */
export interface DecisionOutcome {
  approvalId: string;
  status: 'APPROVED' | 'DENIED';
  reason: string | null;
}

export function toPendingApprovalView(a: PushApproval): PendingApprovalView {
  return {
    approvalId: a.approvalId,
    flowId: a.flowId,
    message: a.message,
    messageParameters: a.messageParameters,
    dataHash: a.dataHash,
    numberMatching: a.numberMatching,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
  };
}
