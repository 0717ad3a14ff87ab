import { Injectable } from '@nestjs/common';
import { RequestValidationError, Transactions } from '@app/core';
import { ApprovalProofs } from '@app/devices';
import { UserFailures, UserView, UsersService } from '@app/users';
import { TransactionApprovalError } from './errors';
import { checkMessageParameters, linkedValues } from './flows/message-parameters';
import { FlowsService } from './flows/flows.service';
import { FlowView } from './flows/flow.types';
import { ApprovalContext, ApprovalMethod, ApprovalMethods } from './methods/approval-method';
import { SessionsService, StepAnswer, StepDecision, unexpectedStep } from './sessions/sessions.service';
import { SessionHandle, SessionView } from './sessions/session.view';

/** The flow a call of user/identify without a session runs (the anchor's rule). */
export const LEGACY_DEFAULT_FLOW = 'legacy-default-flow';

export interface IdentifyInput {
  username: string;
  organizationId?: string;
}

export interface ParametersInput {
  messageParameters: Record<string, unknown>;
  authTokenId?: string;
}

/**
 * The steps of a session (spec §4). The step guard has already checked that the session is in
 * the state the route needs; each step here runs on the locked row (SessionsService.step),
 * re-checks the flow and the user, and lets the flow's approval method do its part.
 */
@Injectable()
export class ApprovalSteps {
  constructor(
    private readonly sessions: SessionsService,
    private readonly flows: FlowsService,
    private readonly users: UsersService,
    private readonly failures: UserFailures,
    private readonly methods: ApprovalMethods,
    private readonly transactions: Transactions,
    private readonly proofs: ApprovalProofs,
  ) {}

  async select(clientId: string, flowId: string): Promise<StepAnswer> {
    const flow = await this.flows.getEnabled(flowId);
    const { handle, token } = await this.sessions.open(clientId, flow.flowId, { type: 'selected' });
    return { sessionId: handle.session.sessionId, attributes: { nextStep: handle.session.state }, token };
  }

  /** Identifies the user; without a session (handle null) one of legacy-default-flow is opened first. */
  identify(handle: SessionHandle | null, clientId: string, input: IdentifyInput): Promise<StepAnswer> {
    return this.transactions.run(async () => {
      const current = handle ?? (await this.openLegacyDefault(clientId));
      return this.sessions.step(current, async (session) => {
        const flow = await this.flows.getEnabled(session.flowId);
        const found = await this.users.findByUsername(input.organizationId ?? flow.organizationId, input.username);
        const user = await this.validUser(found);
        return {
          to: 'PARAMETERS_REQUIRED',
          changes: { userId: user.userId },
          attributes: { nextStep: 'PARAMETERS_REQUIRED' },
          events: [{ type: 'identified', data: { userId: user.userId } }],
        };
      });
    });
  }

  /** The implicit session of a call without one; rolled back with the step if that fails. */
  private async openLegacyDefault(clientId: string): Promise<SessionHandle> {
    await this.flows.getEnabled(LEGACY_DEFAULT_FLOW);
    const { handle } = await this.sessions.open(clientId, LEGACY_DEFAULT_FLOW, {
      type: 'selected',
      data: { implicit: true },
    });
    return handle;
  }

  /** Checks the transaction data against the flow and starts the approval by the flow's method. */
  parameters(handle: SessionHandle, input: ParametersInput): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session) => {
      const { flow, user } = await this.flowAndUser(session);
      const { values, problems } = checkMessageParameters(flow.parameters, input.messageParameters);
      if (problems.length > 0) throw new RequestValidationError(problems);
      const method = this.methods.find(flow.method);
      if (!method) {
        throw new TransactionApprovalError(
          'NO_APPROVAL_DEVICE',
          `No ${flow.method} approval is available for this user.`,
        );
      }
      const context: ApprovalContext = {
        session: { ...session, method: flow.method, parameters: values },
        flow,
        user,
        parameters: values,
        linked: linkedValues(flow.parameters, values),
        authTokenId: input.authTokenId,
      };
      const start = await method.start(context);
      return {
        to: method.promptState,
        changes: {
          method: flow.method,
          parameters: values,
          prompt: start.attributes,
          methodData: start.methodData ?? null,
        },
        attributes: { nextStep: method.promptState, ...start.attributes },
        events: [
          {
            type: 'parameters',
            data: { method: flow.method, parameters: Object.keys(values).join(','), authIdGiven: !!input.authTokenId },
          },
          ...(start.events ?? []),
        ],
        afterCommit: start.afterCommit,
      };
    });
  }

  /** A code entered by the user: approves, or counts a wrong try (the last one aborts). */
  checkCode(handle: SessionHandle, code: string): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session): Promise<StepDecision> => {
      const { context, method } = await this.methodContext(session);
      if (!method.checkCode) throw unexpectedStep(session.state);
      const result = await method.checkCode(context, code);
      switch (result.outcome) {
        case 'APPROVED': {
          // signed once and kept with the approval, so every later poll answers the same proof
          const proof = await this.proofOf(context, method.codeProofMethod ?? context.flow.method);
          return {
            to: 'APPROVED',
            ...(proof.approvalProof ? { changes: { methodData: { ...session.methodData, ...proof } } } : {}),
            attributes: proof,
            events: [{ type: 'approved', data: { method: method.name } }],
          };
        }
        case 'WRONG': {
          const { lockedUntil } = await this.failures.lockState(context.user.userId);
          return {
            events: [{ type: 'code-wrong', data: { remainingAttempts: result.remainingAttempts } }],
            failure: new TransactionApprovalError('OTP_WRONG', 'The code is wrong.', {
              remainingAttempts: result.remainingAttempts,
              ...(lockedUntil ? { temporaryLockExpiry: lockedUntil.toISOString() } : {}),
            }),
          };
        }
        case 'EXHAUSTED':
          await method.end({ ...session, state: 'ABORTED' });
          return {
            to: 'ABORTED',
            events: [
              { type: 'code-wrong', data: { remainingAttempts: 0 } },
              { type: 'aborted', data: { reason: 'OTP_TRIES_EXHAUSTED' } },
            ],
            failure: new TransactionApprovalError('FLOW_ABORTED', 'Too many wrong codes: the approval was aborted.'),
          };
        case 'EXPIRED':
          throw new TransactionApprovalError('OTP_EXPIRED', 'The code has expired; request a new one.');
        case 'LOCKED':
          throw userTemporarilyLocked(result.lockedUntil);
      }
    });
  }

  /** A new code for the prompt (replacing the live one), within the flow's spacing and limit. */
  resend(handle: SessionHandle): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session) => {
      const { context, method } = await this.methodContext(session);
      if (!method.resend) throw unexpectedStep(session.state);
      const again = await method.resend(context);
      return {
        changes: { prompt: again.attributes },
        attributes: { nextStep: session.state, ...again.attributes },
        events: again.events ?? [{ type: 'code-resent' }],
        afterCommit: again.afterCommit,
      };
    });
  }

  /** Ends an open session at the caller's request; its live code or approval is withdrawn. */
  cancel(handle: SessionHandle): Promise<StepAnswer> {
    return this.sessions.step(handle, async (session) => {
      await this.sessions.endApproval({ ...session, state: 'CANCELED' });
      return {
        to: 'CANCELED',
        attributes: { canceled: true },
        events: [{ type: 'canceled', data: { from: session.state } }],
      };
    });
  }

  /**
   * The context a method works in, for a session past `parameters`: its flow, its (still valid)
   * user, its parameters. Used by the method steps of other libraries too (e.g. push polling).
   */
  async methodContext(session: SessionView): Promise<{ context: ApprovalContext; method: ApprovalMethod }> {
    const { flow, user } = await this.flowAndUser(session);
    const method = session.method ? this.methods.find(session.method) : undefined;
    if (!method || !session.parameters) throw unexpectedStep(session.state);
    const context: ApprovalContext = {
      session,
      flow,
      user,
      parameters: session.parameters,
      linked: linkedValues(flow.parameters, session.parameters),
    };
    return { context, method };
  }

  /** spec §7: a flow with `approvalProof` adds a signed proof (ES256 JWS) to the approving answer. */
  private async proofOf(context: ApprovalContext, method: string): Promise<{ approvalProof?: string }> {
    if (!context.flow.approvalProof) return {};
    const { user, session, flow, linked } = context;
    const claims = { sub: user.userId, sid: session.sessionId, flow: flow.flowId, method, params: linked };
    return { approvalProof: await this.proofs.sign(claims) };
  }

  private async flowAndUser(session: SessionView): Promise<{ flow: FlowView; user: UserView }> {
    const flow = await this.flows.getEnabled(session.flowId);
    const user = await this.validUser(session.userId ? await this.users.findById(session.userId) : null);
    return { flow, user };
  }

  /** The user may go on: exists, not blocked, not temporarily locked (checked at every step). */
  private async validUser(user: UserView | null): Promise<UserView> {
    if (!user) throw new TransactionApprovalError('USER_NOT_FOUND', 'No such user.');
    if (user.accountStatus !== 'ACTIVE') throw new TransactionApprovalError('USER_LOCKED', 'The user is locked.');
    const { lockedUntil } = await this.failures.lockState(user.userId);
    if (lockedUntil) throw userTemporarilyLocked(lockedUntil);
    return user;
  }
}

function userTemporarilyLocked(lockedUntil: Date): TransactionApprovalError {
  return new TransactionApprovalError('USER_TEMPORARILY_LOCKED', 'The user is temporarily locked.', {
    temporaryLockExpiry: lockedUntil.toISOString(),
  });
}
