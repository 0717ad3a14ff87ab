import { StateMachine } from '@app/core';
import type { OutboxStatus } from './outbox-message.entity';

/** The outbox's lifecycle: only a pending message changes state. */
export const outboxMachine = new StateMachine<OutboxStatus>('outbox message', {
  PENDING: ['SENT', 'EXPIRED', 'FAILED', 'CANCELLED'],
  SENT: [],
  EXPIRED: [],
  FAILED: [],
  CANCELLED: [],
});
