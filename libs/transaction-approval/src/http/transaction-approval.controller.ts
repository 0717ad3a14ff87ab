import { SessionStepResponses } from './session-step-responses';
import { Body, Controller, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiNoBody,
  ApiPrincipal,
  CurrentClient,
  NoBody,
  RequireScope,
  type StrictBody,
  StrictBodyPipe,
} from '@app/core';
import { ApprovalSteps } from '../approval-steps.service';
import type { SessionHandle } from '../sessions/session.view';
import type { StepAnswer } from '../sessions/sessions.service';
import { CurrentSession, SessionStep, SessionStepGuard } from './session-step.guard';
import { SessionTokenInterceptor } from './session-token';
import { SessionDocument } from './session-document.dto';
import { EndUserIdentifyBody, IdentifyBody, OtpBody, ParametersBody } from './steps.dto';

export const TA_MOUNT = '/auth-transaction-approval/rest/transaction-approval';

/**
 * The transaction-approval REST API (spec §4). Each route declares the session state it needs
 * with @SessionStep; the guard enforces it. Answers are `{id, attributes}`, rendered as JSON:API.
 */
@ApiTags('transaction-approval')
@Controller(TA_MOUNT.slice(1))
@RequireScope('transaction-approval')
@UseGuards(SessionStepGuard)
@UseInterceptors(SessionTokenInterceptor)
@ApiOkResponse({ type: SessionDocument })
@SessionStepResponses()
export class TransactionApprovalController {
  constructor(private readonly steps: ApprovalSteps) {}

  /** Opens a session of the flow; answers the session token and USERNAME_REQUIRED. */
  @Post('flows/:flowId/select')
  @HttpCode(200)
  @ApiNoBody()
  async select(
    @CurrentClient() client: ApiPrincipal,
    @Param('flowId') flowId: string,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.select(client.clientId, flowId);
  }

  /** Identifies the user by username; answers PARAMETERS_REQUIRED. */
  @Post('user/identify')
  @HttpCode(200)
  @SessionStep('USERNAME_REQUIRED', { opensSession: true })
  @ApiBody({ type: IdentifyBody })
  async identify(
    @CurrentClient() client: ApiPrincipal,
    @CurrentSession() session: SessionHandle | null,
    @Body(new StrictBodyPipe(IdentifyBody)) body: StrictBody<IdentifyBody>,
  ): Promise<StepAnswer> {
    return this.steps.identify(session, client.clientId, {
      username: body.username,
      organizationId: body.organizationId,
    });
  }

  /** Identifies the user by end-username; answers PARAMETERS_REQUIRED. */
  @Post('end-user/identify')
  @HttpCode(200)
  @SessionStep('USERNAME_REQUIRED', { opensSession: true })
  @ApiBody({ type: EndUserIdentifyBody })
  async identifyEndUser(
    @CurrentClient() client: ApiPrincipal,
    @CurrentSession() session: SessionHandle | null,
    @Body(new StrictBodyPipe(EndUserIdentifyBody)) body: StrictBody<EndUserIdentifyBody>,
  ): Promise<StepAnswer> {
    const username = (body['end-username'] ?? body.username)!;
    return this.steps.identify(session, client.clientId, { username, organizationId: body.organizationId });
  }

  /** Sends the transaction data; starts the flow's approval (code sent, or push) and answers its prompt. */
  @Post('parameters')
  @HttpCode(200)
  @SessionStep('PARAMETERS_REQUIRED')
  @ApiBody({ type: ParametersBody })
  async parameters(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(ParametersBody)) body: StrictBody<ParametersBody>,
  ): Promise<StepAnswer> {
    return this.steps.parameters(session, body);
  }

  /** Checks the e-mail code the user entered; approves the transaction when it is right. */
  @Post('email/otp/check')
  @HttpCode(200)
  @SessionStep('EMAIL_OTP_CHECK_REQUIRED')
  @ApiBody({ type: OtpBody })
  async checkEmailOtp(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(OtpBody)) body: StrictBody<OtpBody>,
  ): Promise<StepAnswer> {
    return this.steps.checkCode(session, body.otp);
  }

  /** Sends a new e-mail code in place of the live one (spacing and limit apply). */
  @Post('email/otp/resend')
  @HttpCode(200)
  @SessionStep('EMAIL_OTP_CHECK_REQUIRED')
  @ApiNoBody()
  async resendEmailOtp(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.resend(session);
  }

  /** Checks the SMS code (mTAN) the user entered; approves the transaction when it is right. */
  @Post('mtan/otp/check')
  @HttpCode(200)
  @SessionStep('MTAN_OTP_CHECK_REQUIRED')
  @ApiBody({ type: OtpBody })
  async checkMtanOtp(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(OtpBody)) body: StrictBody<OtpBody>,
  ): Promise<StepAnswer> {
    return this.steps.checkCode(session, body.otp);
  }

  /** Sends a new SMS code in place of the live one (spacing and limit apply). */
  @Post('mtan/otp/resend')
  @HttpCode(200)
  @SessionStep('MTAN_OTP_CHECK_REQUIRED')
  @ApiNoBody()
  async resendMtanOtp(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.resend(session);
  }

  /** Cancels the session; its live codes and approvals stop working. */
  @Post('cancel')
  @HttpCode(200)
  @SessionStep('ANY_OPEN')
  @ApiNoBody()
  async cancel(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.cancel(session);
  }
}
