import { DomainError } from '@app/core';

/** Codes of the transaction-approval domain; the HTTP module maps them to statuses (spec §1-5). */
export type TransactionApprovalErrorCode =
  | 'FLOW_NOT_FOUND'
  | 'FLOW_EXISTS'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_EXPIRED'
  | 'UNEXPECTED_STEP'
  | 'USER_NOT_FOUND'
  | 'USER_LOCKED'
  | 'USER_TEMPORARILY_LOCKED'
  | 'NO_CONTACT'
  | 'OTP_WRONG'
  | 'OTP_EXPIRED'
  | 'FLOW_ABORTED'
  | 'RESEND_TOO_EARLY'
  | 'RESEND_LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'MESSAGE_TOO_LONG'
  | 'NO_APPROVAL_DEVICE'
  // the PUSH method (spec §7, @app/push-approval)
  | 'TOO_MANY_APPROVALS'
  | 'TRANSACTION_REJECTED'
  | 'APPROVAL_EXPIRED';

export class TransactionApprovalError extends DomainError<TransactionApprovalErrorCode> {}
