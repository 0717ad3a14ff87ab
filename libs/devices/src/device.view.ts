import type { Device, DeviceStatus } from './device.entity';

/** What the admin API shows of a device (no hash, key or secret). */
export interface DeviceView {
  deviceId: string;
  userId: string;
  displayName: string;
  status: DeviceStatus;
  createdAt: Date;
  /** Until when the activation code works (PENDING devices only). */
  activationExpiresAt: Date | null;
  activatedAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
}

/** The device that called the device API (bearer token verified). */
export interface AuthenticatedDevice {
  deviceId: string;
  userId: string;
  publicKey: NonNullable<Device['publicKey']>;
}

export function toDeviceView(device: Device): DeviceView {
  return {
    deviceId: device.deviceId,
    userId: device.userId,
    displayName: device.displayName,
    status: device.status,
    createdAt: device.createdAt,
    activationExpiresAt: device.status === 'PENDING' ? device.activationExpiresAt : null,
    activatedAt: device.activatedAt,
    revokedAt: device.revokedAt,
    lastSeenAt: device.lastSeenAt,
  };
}
