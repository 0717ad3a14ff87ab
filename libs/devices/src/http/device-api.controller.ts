import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConflictResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, type StrictBody, StrictBodyPipe } from '@app/core';
import { ApprovalsService } from '../approvals.service';
import type { AuthenticatedDevice } from '../device.view';
import { DevicesService } from '../devices.service';
import { CurrentDevice, DeviceTokenGuard } from './device-token.guard';
import {
  ActivateDeviceRequest,
  ActivationView,
  DecideApprovalRequest,
  DecisionView,
  PendingApprovalsView,
} from './device.dto';

/**
 * The API the bank's mobile app calls (spec §7). Devices are not API clients: activation is
 * authorised by the activation code, everything else by the device token.
 */
@ApiTags('device')
@Controller('device/v1')
@Public()
export class DeviceApiController {
  constructor(
    private readonly devices: DevicesService,
    private readonly approvals: ApprovalsService,
  ) {}

  /** Exchanges the activation code for the device token and OCRA secret (returned this once). */
  @Post('activate')
  @HttpCode(200)
  @ApiBody({ type: ActivateDeviceRequest })
  async activate(
    @Body(new StrictBodyPipe(ActivateDeviceRequest)) body: StrictBody<ActivateDeviceRequest>,
  ): Promise<ActivationView> {
    return this.devices.activate(body);
  }

  /** Pending approvals of this device with everything to show. */
  @Get('approvals')
  @UseGuards(DeviceTokenGuard)
  @ApiBearerAuth('deviceToken')
  @ApiUnauthorizedResponse({ description: 'Missing, unknown or revoked device token (DEVICE_TOKEN_INVALID).' })
  async pending(@CurrentDevice() device: AuthenticatedDevice): Promise<PendingApprovalsView> {
    const approvals = await this.approvals.pendingFor(device.deviceId);
    return {
      approvals: approvals.map((a) => ({
        ...a,
        createdAt: a.createdAt.toISOString(),
        expiresAt: a.expiresAt.toISOString(),
      })),
    };
  }

  /** The user's decision, signed by the device key; the first decision of a request counts. */
  @Post('approvals/:approvalId')
  @HttpCode(200)
  @UseGuards(DeviceTokenGuard)
  @ApiBearerAuth('deviceToken')
  @ApiUnauthorizedResponse({
    description: 'DEVICE_TOKEN_INVALID, or SIGNATURE_INVALID: the decision was not signed by the device key.',
  })
  @ApiConflictResponse({ description: 'The approval was decided already or has expired; nothing changed.' })
  @ApiBody({ type: DecideApprovalRequest })
  async decide(
    @CurrentDevice() device: AuthenticatedDevice,
    @Param('approvalId') approvalId: string,
    @Body(new StrictBodyPipe(DecideApprovalRequest)) body: StrictBody<DecideApprovalRequest>,
  ): Promise<DecisionView> {
    return this.approvals.decide(device, approvalId, body);
  }
}
