import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthenticationRequiredError, DomainError, ScopeMissingError } from '../errors/domain-error';
import { IS_PUBLIC, REQUIRED_SCOPE } from './access.decorators';
import { API_CLIENT_STRATEGY } from './api-client.strategy';
import type { ApiPrincipal, ApiScope } from './api-scope';

/**
 * Global guard, deny by default: a route is open only with @Public(); every other route needs
 * valid credentials AND the scope named by @RequireScope. A route that names no scope is closed.
 */
@Injectable()
export class ApiAccessGuard extends AuthGuard(API_CLIENT_STRATEGY) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  /** Synchronous for public routes (Nest awaits nothing then); a promise when credentials are checked. */
  override canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    return this.authorize(context, targets);
  }

  private async authorize(context: ExecutionContext, targets: Parameters<Reflector['getAllAndOverride']>[1]) {
    await super.canActivate(context);
    const scope = this.reflector.getAllAndOverride<ApiScope | undefined>(REQUIRED_SCOPE, targets);
    const principal = context.switchToHttp().getRequest<{ user?: ApiPrincipal }>().user;
    if (!scope) throw new ScopeMissingError('(none declared)');
    if (!principal?.scopes.includes(scope)) throw new ScopeMissingError(scope);
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T): T {
    if (error instanceof DomainError) throw error;
    if (error || !principal) throw new AuthenticationRequiredError();
    return principal;
  }
}
