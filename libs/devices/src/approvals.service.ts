import { Injectable, Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { EntityManager, In, LessThanOrEqual, MoreThan } from 'typeorm';
import { Clock, Transactions, lockForUpdate } from '@app/core';
import { AuditService } from '@app/audit';
import { UserFailures } from '@app/users';
import { PushApproval } from './approval.entity';
import {
  ApprovalRequestState,
  CreatedApprovalRequest,
  DecisionOutcome,
  PendingApprovalView,
  toPendingApprovalView,
} from './approval.view';
import { approvalDataHash } from './canonical-json';
import { Decision, verifyDecisionSignature } from './decision-signature';
import { DeviceError } from './device-error';
import { Device } from './device.entity';
import type { AuthenticatedDevice } from './device.view';
import { DevicesConfig } from './devices.config';
import { PushNotifier } from './push-notifier';
import { approvalMachine } from './states';

export interface ApprovalRequestInput {
  userId: string;
  /** What the request belongs to, e.g. the transaction-approval session id. */
  subject: string;
  flowId: string;
  message: string;
  messageParameters: Record<string, string>;
  numberMatching: boolean;
  validitySeconds: number;
  /** A device id (the session's authTokenId): restricts the request to it when it is active. */
  deviceId?: string | null;
}

const FINAL_BY_DECISION = { APPROVE: 'APPROVED', DENY: 'DENIED' } as const;

/**
 * Push approvals: one request fans out to the user's active devices; the first decision of a
 * device wins (the request's rows are locked in id order, so two devices deciding at once
 * serialise and the second finds the request decided). Devices sign their decision.
 */
@Injectable()
export class ApprovalsService {
  private readonly logger = new Logger(ApprovalsService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly failures: UserFailures,
    private readonly audit: AuditService,
    private readonly notifier: PushNotifier,
    private readonly clock: Clock,
    private readonly config: DevicesConfig,
  ) {}

  /** Reads and writes join the caller's transaction (e.g. the session step that calls in). */
  private approvals() {
    return this.transactions.repository(PushApproval);
  }

  /**
   * Creates one approval per target device, within the anti-fatigue limit. The user's device
   * rows are locked first, so concurrent requests of one user are counted one after another.
   */
  async request(input: ApprovalRequestInput): Promise<CreatedApprovalRequest> {
    const created = await this.transactions.run(async (em): Promise<CreatedApprovalRequest> => {
      const now = this.clock.now();
      const active = await lockActiveDevices(em, input.userId);
      if (active.length === 0) {
        throw new DeviceError('NO_APPROVAL_DEVICE', 'The user has no active device for push approval.');
      }
      await this.enforceAntiFatigue(em, input.userId, now);
      const named = input.deviceId ? active.find((d) => d === input.deviceId) : undefined;
      const deviceIds = named ? [named] : active;
      const requestId = randomUUID();
      const expiresAt = new Date(now.getTime() + input.validitySeconds * 1000);
      const numberChallenge = input.numberMatching ? String(randomInt(100)).padStart(2, '0') : null;
      const dataHash = approvalDataHash(input);
      const rows: PushApproval[] = deviceIds.map((deviceId) => ({
        approvalId: randomUUID(),
        requestId,
        deviceId,
        userId: input.userId,
        subject: input.subject,
        flowId: input.flowId,
        message: input.message,
        messageParameters: input.messageParameters,
        dataHash,
        numberMatching: input.numberMatching,
        expectedNumber: numberChallenge,
        status: 'PENDING',
        reason: null,
        createdAt: now,
        expiresAt,
        decidedAt: null,
        updatedAt: now,
      }));
      const notifications = rows.map((r) => ({ deviceId: r.deviceId, approvalId: r.approvalId, expiresAt }));
      // Copies: TypeORM writes back into the objects of a multi-row insert, and not always in order.
      await em.insert(
        PushApproval,
        rows.map((r) => ({ ...r })),
      );
      await this.notifier.notify(notifications);
      return {
        requestId,
        numberChallenge,
        expiresAt,
        deviceIds,
        namedDeviceIgnored: Boolean(input.deviceId) && !named,
      };
    });
    this.logger.log({ requestId: created.requestId, devices: created.deviceIds.length }, 'Push approval requested');
    return created;
  }

  private async enforceAntiFatigue(em: EntityManager, userId: string, now: Date): Promise<void> {
    const windowStart = new Date(now.getTime() - this.config.approvalWindowSeconds * 1000);
    const recent = await em
      .createQueryBuilder(PushApproval, 'a')
      .select('a.requestId', 'requestId')
      .addSelect('MIN(a.createdAt)', 'createdAt')
      .where('a.userId = :userId AND a.createdAt > :windowStart', { userId, windowStart })
      .groupBy('a.requestId')
      .getRawMany<{ requestId: string; createdAt: string | Date }>();
    if (recent.length < this.config.maxApprovalsPerWindow) return;
    const oldest = Math.min(...recent.map((r) => toDate(r.createdAt).getTime()));
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((oldest + this.config.approvalWindowSeconds * 1000 - now.getTime()) / 1000),
    );
    throw new DeviceError(
      'TOO_MANY_APPROVALS',
      `At most ${this.config.maxApprovalsPerWindow} push approvals per ${this.config.approvalWindowSeconds} seconds.`,
      { retryAfterSeconds },
    );
  }

  /** Pending, unexpired approvals of the calling device, oldest first. */
  async pendingFor(deviceId: string): Promise<PendingApprovalView[]> {
    const rows = await this.approvals().find({
      where: { deviceId, status: 'PENDING', expiresAt: MoreThan(this.clock.now()) },
      order: { createdAt: 'ASC', approvalId: 'ASC' },
      take: 50,
    });
    return rows.map(toPendingApprovalView);
  }

  /**
   * Records a device's decision. The signature is checked before anything is touched (bad →
   * 401, nothing changed). An approve with the wrong number is recorded as a deny and counts as
   * a failed attempt of the user; a right approve resets the user's failure count.
   */
  async decide(
    device: AuthenticatedDevice,
    approvalId: string,
    input: { decision: Decision; number?: string | null; signature: string },
  ): Promise<DecisionOutcome> {
    const approval = approvalId.length <= 36 ? await this.approvals().findOneBy({ approvalId }) : null;
    if (!approval || approval.deviceId !== device.deviceId) {
      throw new DeviceError('APPROVAL_NOT_FOUND', 'Approval not found.');
    }
    const number = input.number ?? null;
    await verifyDecisionSignature(input.signature, device.publicKey, {
      approvalId,
      decision: input.decision,
      number,
      dataHash: approval.dataHash,
    });
    const outcome = await this.transactions.run(async (em) => {
      const group = await lockRequest(em, approval.requestId);
      const mine = group.find((a) => a.approvalId === approvalId)!;
      const now = this.clock.now();
      if (mine.status === 'EXPIRED' || (mine.status === 'PENDING' && mine.expiresAt.getTime() <= now.getTime())) {
        throw new DeviceError('APPROVAL_EXPIRED', 'The approval has expired.');
      }
      if (mine.status !== 'PENDING') throw new DeviceError('APPROVAL_DECIDED', 'The approval is already decided.');
      const wrongNumber = input.decision === 'APPROVE' && mine.numberMatching && number !== mine.expectedNumber;
      const status = wrongNumber ? 'DENIED' : FINAL_BY_DECISION[input.decision];
      const reason = wrongNumber ? 'WRONG_NUMBER' : null;
      await approvalMachine.write(em, PushApproval, { approvalId }, 'status', 'PENDING', status, {
        reason,
        decidedAt: now,
        updatedAt: now,
      });
      const others = group
        .filter((a) => a.approvalId !== approvalId && a.status === 'PENDING')
        .map((a) => a.approvalId);
      if (others.length > 0) {
        const where = { approvalId: In(others) };
        await approvalMachine.writeAll(em, PushApproval, where, 'status', 'PENDING', 'SUPERSEDED', { updatedAt: now });
      }
      await this.audit.record({
        type: status === 'APPROVED' ? 'push-approval.approved' : 'push-approval.denied',
        userId: mine.userId,
        subjectType: 'push-approval',
        subjectId: approvalId,
        data: { requestId: mine.requestId, deviceId: mine.deviceId, subject: mine.subject, reason },
      });
      if (wrongNumber) await this.failures.recordFailure(mine.userId, 'PUSH');
      else if (status === 'APPROVED') await this.failures.recordSuccess(mine.userId);
      return { approvalId, status, reason } as DecisionOutcome;
    });
    this.logger.log({ requestId: approval.requestId, ...outcome }, 'Push approval decided');
    return outcome;
  }

  /** Where a request stands; an undecided request past its expiry is marked EXPIRED here. */
  async state(requestId: string): Promise<ApprovalRequestState | null> {
    return this.transactions.run(async (em) => {
      const rows = await this.approvals().find({ where: { requestId }, order: { approvalId: 'ASC' } });
      if (rows.length === 0) return null;
      const now = this.clock.now();
      const late = rows.filter((r) => r.status === 'PENDING' && r.expiresAt.getTime() <= now.getTime());
      if (late.length > 0) {
        const where = { requestId, expiresAt: LessThanOrEqual(now) };
        await approvalMachine.writeAll(em, PushApproval, where, 'status', 'PENDING', 'EXPIRED', { updatedAt: now });
        for (const row of late) row.status = 'EXPIRED';
      }
      return summarize(requestId, rows);
    });
  }

  /** Withdraws a request still pending (the session was canceled or approved offline). */
  async withdraw(requestId: string): Promise<void> {
    const now = this.clock.now();
    await this.transactions.run((em) =>
      approvalMachine.writeAll(em, PushApproval, { requestId }, 'status', 'PENDING', 'CANCELED', { updatedAt: now }),
    );
  }
}

function summarize(requestId: string, rows: PushApproval[]): ApprovalRequestState {
  const decided = rows.find((r) => r.status === 'APPROVED' || r.status === 'DENIED');
  const base = { requestId, expiresAt: rows[0]!.expiresAt };
  if (decided) {
    return {
      ...base,
      state: decided.status as 'APPROVED' | 'DENIED',
      deviceId: decided.deviceId,
      reason: decided.reason,
      decidedAt: decided.decidedAt,
    };
  }
  const state = rows.some((r) => r.status === 'PENDING')
    ? 'PENDING'
    : rows.some((r) => r.status === 'EXPIRED')
      ? 'EXPIRED'
      : 'CANCELED';
  return { ...base, state, deviceId: null, reason: null, decidedAt: null };
}

/** Active device ids of a user, their rows locked (SQLite: the transaction queue serialises). */
async function lockActiveDevices(em: EntityManager, userId: string): Promise<string[]> {
  const devices = await em.find(Device, {
    where: { userId, status: 'ACTIVE' },
    select: { deviceId: true },
    order: { deviceId: 'ASC' },
    lock: lockForUpdate(em),
  });
  return devices.map((d) => d.deviceId);
}

/** Every approval of a request, locked in id order so concurrent deciders never deadlock. */
function lockRequest(em: EntityManager, requestId: string): Promise<PushApproval[]> {
  return em.find(PushApproval, {
    where: { requestId },
    order: { approvalId: 'ASC' },
    lock: lockForUpdate(em),
  });
}

function toDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  // SQLite returns 'YYYY-MM-DD HH:MM:SS.mmm' (UTC), MySQL a Date or the same text.
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}
