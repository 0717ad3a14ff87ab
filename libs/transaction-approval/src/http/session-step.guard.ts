import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { ApiPrincipal } from '@app/core';
import type { SessionState } from '../sessions/session-states';
import type { SessionHandle } from '../sessions/session.view';
import { SessionsService, sessionNotFound, unexpectedStep } from '../sessions/sessions.service';
import { sessionTokenOf } from './session-token';

const SESSION_STEP = 'transaction-approval:session-step';

/** Which sessions a route accepts: states, any open one, and whether it may run without a session. */
interface StepRequirement {
  states: readonly SessionState[] | 'ANY_OPEN';
  /** Without a token the route opens a session itself (identify: the legacy default flow). */
  opensSession?: boolean;
}

/**
 * The one declaration of the session state a route needs (spec §4). SessionStepGuard enforces
 * it before the handler runs, so no handler checks the step itself.
 */
export const SessionStep = (
  states: SessionState | readonly SessionState[] | 'ANY_OPEN',
  options: { opensSession?: boolean } = {},
) => {
  const requirement: StepRequirement = {
    states: states === 'ANY_OPEN' ? states : typeof states === 'string' ? [states] : states,
    opensSession: options.opensSession,
  };
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    SetMetadata(SESSION_STEP, requirement)(target, key, descriptor);
    ApiHeader({ name: 'X-Session-ID', required: false, description: 'The session token (or cookie TA_SESSION).' })(
      target,
      key,
      descriptor,
    );
  };
};

type StepRequest = FastifyRequest & { user?: ApiPrincipal; taSession?: SessionHandle | null };

/**
 * Loads the session the request names (X-Session-ID, else cookie TA_SESSION) for the calling API
 * client and lets the request through only in a state its route declared: 404 for an unknown
 * token, 410 for an expired session, 409 UNEXPECTED_STEP with meta.nextStep otherwise. Nothing
 * is changed when it refuses.
 */
@Injectable()
export class SessionStepGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.get<StepRequirement | undefined>(SESSION_STEP, context.getHandler());
    if (!requirement) return true;
    const request = context.switchToHttp().getRequest<StepRequest>();
    const token = sessionTokenOf(request);
    if (token === undefined) {
      if (!requirement.opensSession) throw sessionNotFound();
      request.taSession = null;
      return true;
    }
    const handle = await this.sessions.resolve(token, request.user!.clientId);
    const { state, nextStep } = handle.session;
    const allowed = requirement.states === 'ANY_OPEN' ? nextStep !== null : requirement.states.includes(state);
    if (!allowed) throw unexpectedStep(state);
    request.taSession = handle;
    return true;
  }
}

/** The session SessionStepGuard loaded (null on a route that opens one when none was named). */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SessionHandle | null =>
    context.switchToHttp().getRequest<StepRequest>().taSession ?? null,
);
