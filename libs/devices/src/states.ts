import { StateMachine } from '@app/core';
import type { ApprovalStatus } from './approval.entity';
import type { DeviceStatus } from './device.entity';

/** A device is activated once and revoked for good. */
export const deviceMachine = new StateMachine<DeviceStatus>('device', {
  PENDING: ['ACTIVE', 'REVOKED'],
  ACTIVE: ['REVOKED'],
  REVOKED: [],
});

/** An approval is decided, superseded, expired or withdrawn once; nothing leaves those. */
export const approvalMachine = new StateMachine<ApprovalStatus>('push-approval', {
  PENDING: ['APPROVED', 'DENIED', 'SUPERSEDED', 'EXPIRED', 'CANCELED'],
  APPROVED: [],
  DENIED: [],
  SUPERSEDED: [],
  EXPIRED: [],
  CANCELED: [],
});
