import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBasicAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiPrincipal, ApiScope } from './api-scope';

export const IS_PUBLIC = 'stepwise:public';
export const REQUIRED_SCOPE = 'stepwise:scope';
export const API_CLIENT_SECURITY = 'apiClient';

/** The route needs no credentials (status, health, docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The OpenAPI side of RequireScope for one route: the security requirement and its 401/403. */
const documentScope = (scope: ApiScope): MethodDecorator =>
  applyDecorators(
    ApiBasicAuth(API_CLIENT_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing or wrong API client credentials.' }),
    ApiForbiddenResponse({ description: `The API client lacks the "${scope}" scope.` }),
  );

/**
 * The route needs an API client with `scope`. One decorator both enforces it (ApiAccessGuard)
 * and documents the security requirement and the 401/403 answers in OpenAPI. On a controller it
 * documents every route except those marked @Public() (method decorators run first, so they are
 * known here).
 */
export const RequireScope =
  (scope: ApiScope) =>
  (target: object, key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    if (descriptor) {
      SetMetadata(REQUIRED_SCOPE, scope)(target, key!, descriptor);
      documentScope(scope)(target, key!, descriptor);
      return;
    }
    SetMetadata(REQUIRED_SCOPE, scope)(target as new (...args: never[]) => unknown);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const route = Object.getOwnPropertyDescriptor(prototype, name);
      if (name === 'constructor' || typeof route?.value !== 'function') continue;
      if (Reflect.getMetadata(IS_PUBLIC, route.value)) continue;
      documentScope(scope)(prototype, name, route);
    }
  };

/** The API client that called (only on routes with RequireScope). */
export const CurrentClient = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiPrincipal => context.switchToHttp().getRequest().user,
);
