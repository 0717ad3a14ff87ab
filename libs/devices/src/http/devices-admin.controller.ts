import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Page, PageOf, PageQuery, RequireScope } from '@app/core';
import { DevicesService } from '../devices.service';
import { ApprovalSigningKeys } from '../proof/approval-signing-keys.service';
import { DeviceAdminView, EnrolDeviceRequest, EnrolmentView, SigningKeyRotationView } from './device.dto';

/** Enrolment, listing and revoking of a user's devices by the bank (spec §7). */
@ApiTags('admin')
@Controller('admin/users/:userId/devices')
@RequireScope('admin')
export class DevicesAdminController {
  constructor(private readonly devices: DevicesService) {}

  /** Enrols a device; the single-use activation code (valid 10 minutes) is in this answer only. */
  @Post()
  @ApiCreatedResponse({ type: EnrolmentView })
  async enrol(@Param('userId') userId: string, @Body() body: EnrolDeviceRequest): Promise<EnrolmentView> {
    const { device, activationCode, activationUri } = await this.devices.enrol(userId, body.displayName);
    return {
      deviceId: device.deviceId,
      activationCode,
      activationUri,
      expiresAt: device.activationExpiresAt!.toISOString(),
    };
  }

  /** The user's devices (pending, active, revoked). */
  @Get()
  @ApiOkResponse({ type: PageOf(DeviceAdminView) })
  async list(@Param('userId') userId: string, @Query() query: PageQuery): Promise<Page<DeviceAdminView>> {
    const all = await this.devices.list(userId);
    const items = all.slice(query.page * query.size, (query.page + 1) * query.size).map(DeviceAdminView.of);
    return { items, page: query.page, size: query.size, total: all.length };
  }

  /** Revokes the device: its token and offline secret stop working at once. */
  @Delete(':deviceId')
  async revoke(@Param('userId') userId: string, @Param('deviceId') deviceId: string): Promise<DeviceAdminView> {
    return DeviceAdminView.of(await this.devices.revoke(userId, deviceId));
  }
}

/** Rotation of the key that signs proofs of approval. */
@ApiTags('admin')
@Controller('admin/transaction-approval/signing-keys')
@RequireScope('admin')
export class SigningKeysAdminController {
  constructor(private readonly keys: ApprovalSigningKeys) {}

  /** Adds a new key to the JWKS now; it signs after APPROVAL_KEY_PUBLISH_AHEAD_SECONDS, the old one stays published a day longer. */
  @Post('rotate')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'CONFLICT: APPROVAL_SIGNING_KEY is configured; rotate it there.' })
  async rotate(): Promise<SigningKeyRotationView> {
    const { kid, activatesAt } = await this.keys.rotate();
    return { kid, activatesAt: activatesAt.toISOString() };
  }
}
