import { Injectable } from '@nestjs/common';
import type { UserView } from '@app/users';
import type { ApprovalMethodName, FlowView } from '../flows/flow.types';
import type { ApprovalPromptState } from '../sessions/session-states';
import type { SessionEvent, SessionView } from '../sessions/session.view';

/** What a method gets at every call: the locked session, its flow and its (re-checked) user. */
export interface ApprovalContext {
  session: SessionView;
  flow: FlowView;
  user: UserView;
  /** The validated messageParameters and the linked ones among them (the dynamic linking). */
  parameters: Record<string, string>;
  linked: Record<string, string>;
  /** The caller's authTokenId (only at `parameters`): which of the user's tokens to use. */
  authTokenId?: string;
}

/** What `parameters` answers: the prompt's attributes (besides nextStep) and the method's data. */
export interface ApprovalStart {
  attributes: Record<string, unknown>;
  /** Kept on the session (never a secret), given back to the method as session.methodData. */
  methodData?: Record<string, unknown>;
  /** Audit events of the session beyond `parameters` (e.g. code-sent). */
  events?: SessionEvent[];
  /** Runs after the commit (and the first delivery attempt); its attributes join the answer. */
  afterCommit?: () => Promise<Record<string, unknown>>;
}

export type CodeCheckOutcome =
  | { outcome: 'APPROVED' }
  | { outcome: 'WRONG'; remainingAttempts: number }
  /** The last allowed wrong try: the session is aborted. */
  | { outcome: 'EXHAUSTED' }
  | { outcome: 'EXPIRED' }
  /** The user is locked (consecutive failures across factors); nothing was compared. */
  | { outcome: 'LOCKED'; lockedUntil: Date };

/**
 * One approval method (EMAIL_OTP, MTAN, PUSH): the session calls it at `parameters`, at code
 * checks, resends and when the session ends, always inside the session's transaction with its
 * row locked (the method's writes join it). The session owns the state changes; a method only
 * answers what happened. Methods register themselves with ApprovalMethods at module start.
 */
export interface ApprovalMethod {
  readonly name: ApprovalMethodName;
  /** The state `parameters` leaves the session in, i.e. the prompt's nextStep. */
  readonly promptState: ApprovalPromptState;
  /** Starts the approval: sends the code or the push. Throws a TransactionApprovalError to refuse. */
  start(context: ApprovalContext): Promise<ApprovalStart>;
  /** A code the caller entered (OTP, or the offline code of PUSH). */
  checkCode?(context: ApprovalContext, code: string): Promise<CodeCheckOutcome>;
  /** A new code replacing the live one; returns the prompt's attributes again. */
  resend?(context: ApprovalContext): Promise<ApprovalStart>;
  /**
   * The `method` a proof of approval names when a code approved the session (default: the
   * flow's method; e.g. PUSH_OFFLINE_OTP for the offline code of PUSH).
   */
  readonly codeProofMethod?: string;
  /** The session ended without approval (canceled, expired, aborted): withdraw what is live. */
  end(session: SessionView): Promise<void>;
}

/** The methods available in this process, by name. */
@Injectable()
export class ApprovalMethods {
  private readonly methods = new Map<ApprovalMethodName, ApprovalMethod>();

  register(method: ApprovalMethod): void {
    this.methods.set(method.name, method);
  }

  find(name: ApprovalMethodName): ApprovalMethod | undefined {
    return this.methods.get(name);
  }
}
