import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Clock, KeyedHasher, NotFoundError, SecretBox, Transactions, findOneForUpdate } from '@app/core';
import { AuditService } from '@app/audit';
import { UsersService } from '@app/users';
import {
  OCRA_SUITE,
  base32,
  newActivationCode,
  newDeviceToken,
  newOcraSecret,
  normalizeActivationCode,
  parseDevicePublicKey,
} from './device-credentials';
import { DeviceError } from './device-error';
import { Device } from './device.entity';
import { AuthenticatedDevice, DeviceView, toDeviceView } from './device.view';
import { DevicesConfig } from './devices.config';
import { deviceMachine } from './states';

const ACTIVATION_PURPOSE = 'device-activation-code';
const TOKEN_PURPOSE = 'device-token';
const OCRA_PURPOSE = 'device-ocra-secret';
/** lastSeenAt is written at most this often, so polling devices do not write on every call. */
const SEEN_RESOLUTION_MS = 60_000;

export interface Enrolment {
  device: DeviceView;
  /** Shown once to the bank (to hand to the user), never stored in clear. */
  activationCode: string;
  activationUri: string;
}

export interface Activation {
  deviceId: string;
  /** The three below are in this answer only. */
  deviceToken: string;
  ocraSecret: string;
  ocraSuite: typeof OCRA_SUITE;
}

/** Enrolment by the bank, activation by the app, bearer authentication, revoke. */
@Injectable()
export class DevicesService {
  private readonly logger = new Logger(DevicesService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly secrets: SecretBox,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: DevicesConfig,
  ) {}

  /** Reads and writes join the caller's transaction (e.g. the session step that calls in). */
  private devices() {
    return this.transactions.repository(Device);
  }

  async enrol(userId: string, displayName: string): Promise<Enrolment> {
    if (!(await this.users.findById(userId))) throw new NotFoundError(`User "${userId}"`);
    const now = this.clock.now();
    const activationCode = newActivationCode();
    const device: Device = {
      deviceId: randomUUID(),
      userId,
      displayName,
      status: 'PENDING',
      activationCodeHash: this.hasher.hash(ACTIVATION_PURPOSE, normalizeActivationCode(activationCode)!),
      activationExpiresAt: new Date(now.getTime() + this.config.activationSeconds * 1000),
      tokenHash: null,
      publicKey: null,
      ocraSecretSealed: null,
      createdAt: now,
      activatedAt: null,
      revokedAt: null,
      lastSeenAt: null,
      updatedAt: now,
    };
    await this.transactions.run(async (em) => {
      await em.insert(Device, device);
      await this.audit.record({ type: 'device.enrolled', userId, subjectType: 'device', subjectId: device.deviceId });
    });
    this.logger.log({ deviceId: device.deviceId, userId }, 'Device enrolled');
    const uri = `${this.config.activationUriBase}?code=${encodeURIComponent(activationCode)}`;
    return { device: toDeviceView(device), activationCode, activationUri: uri };
  }

  /**
   * The app's first call: the activation code (single use, until its expiry) becomes a device
   * token and an OCRA secret, returned this once. Unknown, used and expired codes are refused
   * alike, so the answer tells nothing about which codes exist.
   */
  async activate(input: { activationCode: string; publicKey: unknown; displayName?: string }): Promise<Activation> {
    const publicKey = parseDevicePublicKey(input.publicKey);
    const code = normalizeActivationCode(input.activationCode);
    const refused = () => new DeviceError('ACTIVATION_CODE_INVALID', 'The activation code is not valid.');
    if (!code) throw refused();
    const hash = this.hasher.hash(ACTIVATION_PURPOSE, code);
    const deviceToken = newDeviceToken();
    const secret = newOcraSecret();
    const deviceId = await this.transactions.run(async (em) => {
      const device = await findOneForUpdate(em, Device, { activationCodeHash: hash });
      const now = this.clock.now();
      if (!device || device.status !== 'PENDING' || device.activationExpiresAt.getTime() <= now.getTime()) {
        return null;
      }
      await deviceMachine.write(em, Device, { deviceId: device.deviceId }, 'status', 'PENDING', 'ACTIVE', {
        activationCodeHash: null,
        tokenHash: this.hasher.hash(TOKEN_PURPOSE, deviceToken),
        publicKey,
        ocraSecretSealed: this.secrets.seal(OCRA_PURPOSE, secret.toString('base64')),
        displayName: input.displayName?.trim() || device.displayName,
        activatedAt: now,
        lastSeenAt: now,
        updatedAt: now,
      });
      await this.audit.record({
        type: 'device.activated',
        userId: device.userId,
        subjectType: 'device',
        subjectId: device.deviceId,
      });
      return device.deviceId;
    });
    if (!deviceId) throw refused();
    this.logger.log({ deviceId }, 'Device activated');
    return { deviceId, deviceToken, ocraSecret: base32(secret), ocraSuite: OCRA_SUITE };
  }

  /** The active device a bearer token belongs to; null for unknown, revoked or malformed tokens. */
  async authenticate(token: string): Promise<AuthenticatedDevice | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const device = await this.devices().findOneBy({ tokenHash: this.hasher.hash(TOKEN_PURPOSE, token) });
    if (!device || device.status !== 'ACTIVE' || !device.publicKey) return null;
    const now = this.clock.now();
    if (!device.lastSeenAt || now.getTime() - device.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) {
      await this.devices().update({ deviceId: device.deviceId }, { lastSeenAt: now });
    }
    return { deviceId: device.deviceId, userId: device.userId, publicKey: device.publicKey };
  }

  async list(userId: string): Promise<DeviceView[]> {
    const devices = await this.devices().find({ where: { userId }, order: { createdAt: 'ASC', deviceId: 'ASC' } });
    return devices.map(toDeviceView);
  }

  /** Revoking twice is fine; a revoked device's token, code and secret never work again. */
  async revoke(userId: string, deviceId: string): Promise<DeviceView> {
    return this.transactions.run(async (em) => {
      const device = await findOneForUpdate(em, Device, { deviceId, userId });
      if (!device) throw new NotFoundError(`Device "${deviceId}" of user "${userId}"`);
      if (device.status !== 'REVOKED') {
        const now = this.clock.now();
        const changes = {
          activationCodeHash: null,
          tokenHash: null,
          ocraSecretSealed: null,
          revokedAt: now,
          updatedAt: now,
        };
        await deviceMachine.write(em, Device, { deviceId }, 'status', device.status, 'REVOKED', changes);
        Object.assign(device, changes, { status: 'REVOKED' });
        await this.audit.record({ type: 'device.revoked', userId, subjectType: 'device', subjectId: deviceId });
        this.logger.log({ deviceId, userId }, 'Device revoked');
      }
      return toDeviceView(device);
    });
  }

  /** Ids of the user's active devices. */
  async activeDeviceIds(userId: string): Promise<string[]> {
    const devices = await this.devices().find({
      where: { userId, status: 'ACTIVE' },
      select: { deviceId: true },
      order: { deviceId: 'ASC' },
    });
    return devices.map((d) => d.deviceId);
  }

  /** OCRA secrets of the given active devices of the user, for checking an offline code. */
  async ocraSecrets(userId: string, deviceIds?: string[]): Promise<Array<{ deviceId: string; secret: Buffer }>> {
    const devices = await this.devices().find({
      where: { userId, status: 'ACTIVE', ...(deviceIds ? { deviceId: In(deviceIds) } : {}) },
      order: { deviceId: 'ASC' },
    });
    return devices
      .filter((d) => d.ocraSecretSealed)
      .map((d) => ({
        deviceId: d.deviceId,
        secret: Buffer.from(this.secrets.open(OCRA_PURPOSE, d.ocraSecretSealed!), 'base64'),
      }));
  }
}
