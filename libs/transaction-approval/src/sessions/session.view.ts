import type { ApprovalMethodName } from '../flows/flow.types';
import type { TaSession } from './session.entity';
import { SessionState, nextStepOf } from './session-states';

/** A session as the rest of the code sees it (no token hash). */
export interface SessionView {
  sessionId: string;
  clientId: string;
  flowId: string;
  state: SessionState;
  nextStep: SessionState | null;
  userId: string | null;
  method: ApprovalMethodName | null;
  parameters: Record<string, string> | null;
  prompt: Record<string, unknown> | null;
  methodData: Record<string, unknown> | null;
  createdAt: Date;
  lastActivityAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

/** The session a request named by its token; what the step guard hands to the handler. */
export interface SessionHandle {
  session: SessionView;
  /** The hash of the token the request used: a step must still see it under the lock. */
  tokenHash: string;
}

export function toSessionView(row: TaSession): SessionView {
  return {
    sessionId: row.sessionId,
    clientId: row.clientId,
    flowId: row.flowId,
    state: row.state,
    nextStep: nextStepOf(row.state),
    userId: row.userId,
    method: row.method,
    parameters: row.parameters,
    prompt: row.prompt,
    methodData: row.methodData,
    createdAt: row.createdAt,
    lastActivityAt: row.lastActivityAt,
    expiresAt: row.expiresAt,
    endedAt: row.endedAt,
  };
}

/** An audit event of a session (type without the `transaction-approval.` prefix); never a secret. */
export interface SessionEvent {
  type: string;
  data?: Record<string, string | number | boolean | null>;
}
