import { Body, Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { ApiNoBody, NoBody, RequireScope, type StrictBody, StrictBodyPipe } from '@app/core';
import {
  CurrentSession,
  SessionHandle,
  SessionStep,
  SessionStepResponses,
  SessionStepGuard,
  SessionTokenInterceptor,
  StepAnswer,
} from '@app/transaction-approval';
import { PushSteps } from '../push-steps.service';
import { OfflineOtpBody } from './push-steps.dto';

const TA_MOUNT = 'auth-transaction-approval/rest/transaction-approval';

/** The Airlock 2FA steps of a PUSH flow (spec §4, seed 000). */
@ApiTags('transaction-approval')
@Controller(TA_MOUNT)
@RequireScope('transaction-approval')
@UseGuards(SessionStepGuard)
@UseInterceptors(SessionTokenInterceptor)
@SessionStepResponses()
export class PushStepsController {
  constructor(private readonly steps: PushSteps) {}

  /** Pending: the prompt again; approved: `{}` (idempotent); denied / expired: 403. */
  @Post('airlock-2fa/status/poll')
  @HttpCode(200)
  @SessionStep(['AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED', 'APPROVED'])
  @ApiNoBody()
  async poll(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.poll(session);
  }

  /** The offline QR code (PNG data URL) and its challenge. */
  @Post('airlock-2fa/qr-code')
  @HttpCode(200)
  @SessionStep('AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED')
  @ApiNoBody()
  async qrCode(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(NoBody)) _body: StrictBody<NoBody>,
  ): Promise<StepAnswer> {
    return this.steps.qrCode(session);
  }

  /** The 8-digit OCRA code the app computed from the QR code. */
  @Post('airlock-2fa/otp/check')
  @HttpCode(200)
  @SessionStep('AIRLOCK_2FA_POLLING_OR_OTP_REQUIRED')
  @ApiBody({ type: OfflineOtpBody })
  async checkOtp(
    @CurrentSession() session: SessionHandle,
    @Body(new StrictBodyPipe(OfflineOtpBody)) body: StrictBody<OfflineOtpBody>,
  ): Promise<StepAnswer> {
    return this.steps.checkOfflineCode(session, body.otp);
  }
}
