import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { DeviceError } from '../device-error';
import type { AuthenticatedDevice } from '../device.view';
import { DevicesService } from '../devices.service';

type DeviceRequest = { headers: Record<string, string | string[] | undefined>; device?: AuthenticatedDevice };

/**
 * `Authorization: Bearer <deviceToken>` of an active device. The routes it guards are @Public()
 * for the API-client guard: devices are not API clients.
 */
@Injectable()
export class DeviceTokenGuard implements CanActivate {
  constructor(private readonly devices: DevicesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<DeviceRequest>();
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer ([^\s]+)$/i.exec(header.trim())?.[1] : undefined;
    const device = token ? await this.devices.authenticate(token) : null;
    if (!device) throw new DeviceError('DEVICE_TOKEN_INVALID', 'A valid device token is required.');
    request.device = device;
    return true;
  }
}

/** The device DeviceTokenGuard authenticated. */
export const CurrentDevice = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedDevice =>
    context.switchToHttp().getRequest<DeviceRequest>().device!,
);
