import { SetMetadata, applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBasicAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { ApiPrincipal, ApiScope } from './api-scope';

export const IS_PUBLIC = 'stepwise:public';
export const REQUIRED_SCOPE = 'stepwise:scope';
export const API_CLIENT_SECURITY = 'apiClient';

/** The route needs no credentials (status, health, docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The route needs an API client with `scope`. One decorator both enforces it (ApiAccessGuard)
 * and documents the security requirement and the 401/403 answers in OpenAPI.
 */
export const RequireScope = (scope: ApiScope) =>
  applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiBasicAuth(API_CLIENT_SECURITY),
    ApiUnauthorizedResponse({ description: 'Missing or wrong API client credentials.' }),
    ApiForbiddenResponse({ description: `The API client lacks the "${scope}" scope.` }),
  );

/** The API client that called (only on routes with RequireScope). */
export const CurrentClient = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ApiPrincipal => context.switchToHttp().getRequest().user,
);
