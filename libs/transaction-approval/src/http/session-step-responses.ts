import { applyDecorators } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';

/** The answers every session step may give besides its document (spec §2, §4, §5). */
export function SessionStepResponses(): ClassDecorator {
  return applyDecorators(
    ApiNotFoundResponse({
      description: 'SESSION_NOT_FOUND (unknown, renewed-away or another client’s token), FLOW_NOT_FOUND.',
    }),
    ApiGoneResponse({ description: 'SESSION_EXPIRED: idle or absolute timeout.' }),
    ApiConflictResponse({ description: 'UNEXPECTED_STEP with meta.nextStep; nothing changed.' }),
    ApiForbiddenResponse({
      description: 'USER_LOCKED, USER_TEMPORARILY_LOCKED, FLOW_ABORTED, TRANSACTION_REJECTED, APPROVAL_EXPIRED.',
    }),
    ApiTooManyRequestsResponse({
      description: 'RESEND_TOO_EARLY, RESEND_LIMIT_EXCEEDED, TOO_MANY_APPROVALS (with Retry-After).',
    }),
  );
}
