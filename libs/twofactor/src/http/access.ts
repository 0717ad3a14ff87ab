import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IS_PUBLIC, RequireScope } from '@app/core';
import type { ApiScope } from '@app/core';
import type { Permission, UserAccess } from '@app/users';
import { TwoFactorAudit } from '../twofactor-audit';
import { TwoFactorError } from '../twofactor.errors';
import { TokenOrigin, UserTokensService } from '../tokens.service';
import { TwoFactorService } from '../twofactor.service';

/** OpenAPI security scheme names (declared in src/openapi.ts). */
export const USER_TOKEN_SECURITY = 'userToken';
export const TWOFACTOR_TOKEN_SECURITY = 'twoFactorToken';
export const TWOFACTOR_TOKEN_HEADER = 'Fineract-Platform-TFA-Token';

/**
 * How a user route treats the second factor:
 * - REQUIRED: the TFA header with a valid token, or BYPASS_TWOFACTOR (audited);
 * - IGNORED: first factor only (the OTP routes themselves; a stale header is ignored, upstream bug #12);
 * - IF_FACTOR: REQUIRED once the user has any second factor (TOTP enrolment), else first factor only.
 */
export type MfaRule = 'REQUIRED' | 'IGNORED' | 'IF_FACTOR';

export interface UserRouteRule {
  permission?: Permission;
  mfa: MfaRule;
}

/** The back-office user of a request, set by UserAccessGuard. */
export interface BackOfficeCaller {
  access: UserAccess;
  sessionTokenHash: string;
  /** The session, IP and user agent of this request (recorded on a two-factor token issued by it). */
  origin: TokenOrigin;
  /** How the second factor was satisfied on this request, if it was. */
  secondFactor: 'TOKEN' | 'BYPASS' | 'NONE';
}

const USER_ROUTE = 'stepwise:twofactor-user-route';

@Injectable()
export class UserAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: UserTokensService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: TwoFactorAudit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<UserRouteRule | undefined>(USER_ROUTE, context.getHandler());
    if (!rule) throw new TwoFactorError('PERMISSION_MISSING', 'The route declares no access rule.');
    const request = context.switchToHttp().getRequest<{
      headers: Record<string, string | string[] | undefined>;
      ip?: string;
      method: string;
      routeOptions?: { url?: string };
      url: string;
      backOfficeCaller?: BackOfficeCaller;
    }>();
    const authorization = header(request.headers.authorization);
    const bearer = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '')?.[1];
    const access = bearer ? await this.tokens.resolveSession(bearer) : null;
    if (!access || !bearer) throw new TwoFactorError('USER_TOKEN_INVALID', 'Unauthenticated. Please login.');
    if (rule.permission && !access.permissions.includes(rule.permission)) {
      throw new TwoFactorError('PERMISSION_MISSING', `User has no authority to: ${rule.permission}`, {
        permission: rule.permission,
      });
    }
    const sessionTokenHash = this.tokens.sessionHash(bearer);
    const caller: BackOfficeCaller = {
      access,
      sessionTokenHash,
      origin: { sessionTokenHash, ip: request.ip ?? null, userAgent: header(request.headers['user-agent']) ?? null },
      secondFactor: 'NONE',
    };
    const needsMfa =
      rule.mfa === 'REQUIRED' ||
      (rule.mfa === 'IF_FACTOR' && (await this.twoFactor.deliveryMethods(access)).length > 0);
    if (needsMfa) {
      if (access.permissions.includes('BYPASS_TWOFACTOR')) {
        caller.secondFactor = 'BYPASS';
        await this.audit.record('BYPASS_USED', access.user.userId, {
          route: `${request.method} ${request.routeOptions?.url ?? request.url.split('?')[0]}`,
        });
      } else {
        const token = header(request.headers[TWOFACTOR_TOKEN_HEADER.toLowerCase()]);
        if (!token) throw new TwoFactorError('TWOFACTOR_REQUIRED', 'Two-factor authentication is required.');
        if (!(await this.tokens.isValidAccessToken(access, token))) {
          throw new TwoFactorError('TWOFACTOR_TOKEN_INVALID', 'Invalid two-factor access token provided.');
        }
        caller.secondFactor = 'TOKEN';
      }
    }
    request.backOfficeCaller = caller;
    return true;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The one access decorator of every /v1 route: `Access.user({...})` for back-office users
 * (first-factor bearer token, a permission, the second factor) or `Access.client(scope)` for
 * the bank's services (HTTP Basic API client with a scope, core's RequireScope). Each enforces
 * and documents its security requirement in OpenAPI. A user route is taken out of the API-client
 * guard (it has no Basic credentials) and guarded by UserAccessGuard instead, in the same
 * decorator, so one cannot be applied without the other.
 */
export const Access = {
  user(rule: UserRouteRule): MethodDecorator {
    const security: Record<string, string[]> =
      rule.mfa === 'IGNORED'
        ? { [USER_TOKEN_SECURITY]: [] }
        : { [USER_TOKEN_SECURITY]: [], [TWOFACTOR_TOKEN_SECURITY]: [] };
    const mfaText =
      rule.mfa === 'REQUIRED'
        ? ` and a valid ${TWOFACTOR_TOKEN_HEADER} (unless the user has BYPASS_TWOFACTOR)`
        : rule.mfa === 'IF_FACTOR'
          ? ` and, once the user has a second factor, a valid ${TWOFACTOR_TOKEN_HEADER}`
          : '';
    return applyDecorators(
      SetMetadata(IS_PUBLIC, true),
      SetMetadata(USER_ROUTE, rule),
      UseGuards(UserAccessGuard),
      ApiSecurity(security as unknown as string),
      ApiUnauthorizedResponse({
        description: `Missing, expired or revoked user token${rule.mfa === 'IGNORED' ? '' : ', or an invalid two-factor token'}.`,
      }),
      ApiForbiddenResponse({
        description: `Needs a user token${rule.permission ? ` with permission ${rule.permission}` : ''}${mfaText}.`,
      }),
    );
  },
  client(scope: ApiScope): MethodDecorator {
    return RequireScope(scope) as MethodDecorator;
  },
};

/** The back-office user of a route declared with Access.user. */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): BackOfficeCaller =>
    context.switchToHttp().getRequest<{ backOfficeCaller: BackOfficeCaller }>().backOfficeCaller,
);
