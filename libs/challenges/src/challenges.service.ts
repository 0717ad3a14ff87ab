import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager, LessThan } from 'typeorm';
import { Clock, KeyedHasher, Metrics, Transactions } from '@app/core';
import { DeliveryService, QueuedMessage } from '@app/delivery';
import { AuthFactor, UserFailures } from '@app/users';
import { ChallengeChain } from './challenge-chain.entity';
import { Challenge } from './challenge.entity';
import { ChallengeError } from './challenge.errors';
import { ChallengeStatus, challengeMachine } from './challenge-states';
import { RateWindow, challengeStatements } from './challenge-statements';
import {
  ChallengeChannel,
  ChallengeRef,
  ChallengeStatusView,
  IssueChallenge,
  IssuedChallenge,
  VerifyChallenge,
  VerifyOutcome,
} from './challenge.types';
import { ChallengesConfig } from './challenges.config';
import { assertCodeFormat, canonicalBinding, chainKeyOf, generateCode, normalizeCode, subjectKeyOf } from './codes';
import { RateLimitKey } from './rate-limit-key.entity';
import { decideAttempt } from './verification';

const CODE_PURPOSE = 'challenge.code';
const BINDING_PURPOSE = 'challenge.binding';
const RECIPIENT_PURPOSE = 'challenge.recipient';
const RATE_KEY_PURPOSE = 'challenge.rate-key';
const RATE_WINDOW_MS = 3600_000;
/** Channels whose code the server sends, and so the ones the per-user and per-recipient limits count. */
const SENT_CHANNELS: ChallengeChannel[] = ['SMS', 'EMAIL'];

/**
 * Challenges of every channel: issue (with its message, in the caller's transaction), verify
 * (row locked, constant-time, single use, bound values checked, every failure counted against
 * the user across factors), resend within the chain's limits, invalidate, and per-user /
 * per-recipient rate limits (sliding hour). Codes are never stored or logged in the clear.
 */
@Injectable()
export class ChallengesService {
  private readonly logger = new Logger(ChallengesService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: ChallengesConfig,
    private readonly delivery: DeliveryService,
    private readonly failures: UserFailures,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Issues the next challenge of the chain (purpose, subject, step) and queues its message in
   * the same transaction: both commit or neither does. A chain's later issue is a resend: it
   * replaces the live challenge (whose pending message is cancelled) within the policy's spacing
   * and count. Throws ChallengeError RESEND_TOO_EARLY, RESEND_LIMIT_EXCEEDED or RATE_LIMITED.
   */
  async issue(input: IssueChallenge): Promise<IssuedChallenge> {
    assertIssue(input);
    const { issued, queued } = await this.transactions.run(() => this.issueNow(input));
    const attempt = queued?.firstAttempt() ?? null;
    const delivery = queued ? (attempt ? await attempt : 'QUEUED') : null;
    this.metrics.codeIssued(input.channel);
    return { ...issued, delivery };
  }

  /** One attempt at the challenge; see VerifyOutcome. */
  verify(input: ChallengeRef & VerifyChallenge): Promise<VerifyOutcome> {
    return this.transactions.run(async (em) => {
      const challengeId = await this.challengeIdOf(em, input);
      const row = challengeId ? await this.lockChallenge(em, challengeId) : null;
      if (!row || row.purpose !== input.purpose) return { outcome: 'NOT_FOUND' as const };
      const now = this.clock.now();
      row.tries += 1;
      // Both comparisons always run, so timing does not tell which one failed.
      const code = typeof input.code === 'string' && input.code.length <= 256 ? input.code : '';
      const codeMatches =
        row.codeHash !== null
          ? this.hasher.matches(
              CODE_PURPOSE,
              codeValue(row.challengeId, normalizeCode(code, row.caseInsensitive)),
              row.codeHash,
            )
          : input.answerMatched === true;
      const bindingMatches = this.hasher.matches(
        BINDING_PURPOSE,
        canonicalBinding(input.binding ?? {}),
        row.bindingHash,
      );
      // One read of the user's failures, locked when this attempt may record its outcome there.
      const counting = input.countFailure !== false || input.resetFailures !== false;
      const user = counting ? await this.failures.lockForAttempt(row.userId) : null;
      const { lockedUntil } = user ?? (await this.failures.lockState(row.userId));
      const decision = decideAttempt(row, {
        now,
        deferUse: input.deferUse === true,
        codeMatches,
        bindingMatches,
        lockedUntil,
      });
      const base = { tries: row.tries, updatedAt: now };
      let outcome: VerifyOutcome;
      switch (decision.kind) {
        case 'VERIFIED':
          await this.move(em, row, decision.to, { ...base, matchedAt: now });
          if (input.resetFailures !== false) await user!.recordSuccess();
          outcome = { outcome: 'VERIFIED', challengeId: row.challengeId };
          break;
        case 'WRONG': {
          await this.move(em, row, decision.to, base);
          const failure = input.countFailure !== false ? await user!.recordFailure(factorOf(row.channel)) : null;
          const userLocked = failure?.locked ?? false;
          outcome =
            decision.to === 'EXHAUSTED'
              ? { outcome: 'EXHAUSTED', challengeId: row.challengeId, burnedNow: true, userLocked }
              : { outcome: 'WRONG', challengeId: row.challengeId, remainingTries: decision.remainingTries, userLocked };
          break;
        }
        case 'EXPIRED':
          await this.move(em, row, decision.to, base);
          outcome = { outcome: 'EXPIRED', challengeId: row.challengeId };
          break;
        case 'EXHAUSTED':
          await this.move(em, row, null, base);
          outcome = { outcome: 'EXHAUSTED', challengeId: row.challengeId, burnedNow: false, userLocked: false };
          break;
        case 'ALREADY_USED':
          await this.move(em, row, null, base);
          outcome = { outcome: 'ALREADY_USED', challengeId: row.challengeId };
          break;
        case 'LOCKED':
          await this.move(em, row, null, base);
          outcome = { outcome: 'LOCKED', challengeId: row.challengeId, lockedUntil: decision.lockedUntil };
          break;
      }
      this.logger.log(
        { challengeId: row.challengeId, purpose: row.purpose, tries: row.tries, outcome: outcome.outcome },
        'Challenge verification',
      );
      const { channel } = row;
      const counted = outcome.outcome;
      await this.transactions.afterCommit(() =>
        counted === 'VERIFIED'
          ? this.metrics.codeVerified(channel)
          : this.metrics.codeFailed(channel, counted.toLowerCase()),
      );
      return outcome;
    });
  }

  /**
   * Spends a challenge verified with `deferUse` (its other factor passed too); false when it
   * was not matched or another request spent it first.
   */
  consume(purpose: string, challengeId: string): Promise<boolean> {
    return this.transactions.run(async (em) => {
      const row = challengeId.length <= 36 ? await this.lockChallenge(em, challengeId) : null;
      if (!row || row.purpose !== purpose || row.status !== 'ACTIVE' || row.matchedAt === null) return false;
      await this.move(em, row, 'USED', { updatedAt: this.clock.now() });
      return true;
    });
  }

  /** The subject ended (e.g. the operation is DONE or cancelled): none of its challenges verifies any more. */
  invalidate(purpose: string, subject: string): Promise<number> {
    return this.transactions.run(async (em) => {
      const live = await em.find(Challenge, {
        where: { subjectKey: subjectKeyOf(purpose, subject), status: 'ACTIVE' },
        select: { challengeId: true },
      });
      let count = 0;
      for (const { challengeId } of live) {
        const row = await this.lockChallenge(em, challengeId);
        if (row?.status !== 'ACTIVE') continue;
        await this.move(em, row, 'INVALIDATED', { updatedAt: this.clock.now() });
        count += 1;
      }
      if (count > 0) this.logger.log({ purpose, subject, challenges: count }, 'Challenges invalidated');
      return count;
    });
  }

  /** The chain's live challenge, or null when none can be verified now. */
  async status(purpose: string, subject: string, step: string): Promise<ChallengeStatusView | null> {
    const em = this.transactions.manager();
    const statements = challengeStatements(em);
    const chain = await statements.chains.findOne(em, { chainKey: chainKeyOf({ purpose, subject, step }) });
    const row = chain?.lastChallengeId
      ? await statements.challenges.findOne(em, { challengeId: chain.lastChallengeId })
      : null;
    const now = this.clock.now();
    if (!chain || !row || row.status !== 'ACTIVE' || row.expiresAt.getTime() < now.getTime()) return null;
    return {
      challengeId: row.challengeId,
      channel: row.channel,
      expiresAt: row.expiresAt,
      remainingTries: Math.max(0, row.maxTries - row.tries),
      resendsLeft: row.maxResends === null ? null : Math.max(0, row.maxResends - (chain.issuedCount - 1)),
      nextResendAt: new Date(row.createdAt.getTime() + row.resendSpacingSeconds * 1000),
    };
  }

  /** Deletes challenges (and idle chains) that expired more than CHALLENGE_RETENTION_SECONDS ago. */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.retentionSeconds * 1000);
    const deleted = await this.transactions.run(async (em) => {
      const result = await em.delete(Challenge, { expiresAt: LessThan(cutoff) });
      await em
        .createQueryBuilder()
        .delete()
        .from(ChallengeChain)
        .where('lastIssuedAt < :cutoff', { cutoff })
        .andWhere('chainKey NOT IN (SELECT c.chainKey FROM challenge c)')
        .execute();
      await em.delete(RateLimitKey, { createdAt: LessThan(cutoff) });
      return result.affected ?? 0;
    });
    if (deleted > 0) this.logger.log({ deleted }, 'Expired challenges deleted');
    return deleted;
  }

  private async issueNow(
    input: IssueChallenge,
  ): Promise<{ issued: Omit<IssuedChallenge, 'delivery'>; queued: QueuedMessage | null }> {
    const em = this.transactions.manager();
    const statements = challengeStatements(em);
    const now = this.clock.now();
    const chainKey = chainKeyOf(input);
    const chain = await statements.lockChain(em, {
      chainKey,
      purpose: input.purpose,
      subject: input.subject,
      step: input.step,
      issuedCount: 0,
      lastIssuedAt: null,
      lastChallengeId: null,
      createdAt: now,
    });
    const { policy } = input;
    if (chain.issuedCount > 0) {
      if (policy.maxResends !== null && chain.issuedCount > policy.maxResends) {
        throw this.refuse(input, new ChallengeError('RESEND_LIMIT_EXCEEDED', 'No resends left for this challenge.'));
      }
      const wait = (chain.lastIssuedAt?.getTime() ?? 0) + policy.resendSpacingSeconds * 1000 - now.getTime();
      if (wait > 0) {
        const retryAfterSeconds = Math.ceil(wait / 1000);
        throw this.refuse(
          input,
          new ChallengeError('RESEND_TOO_EARLY', 'Too early for a new code.', { retryAfterSeconds }),
        );
      }
    }
    const recipient = input.recipient ?? input.message?.recipient;
    const recipientHash = recipient ? this.hasher.hash(RECIPIENT_PURPOSE, recipient.trim().toLowerCase()) : null;
    if (SENT_CHANNELS.includes(input.channel)) await this.checkRateLimits(em, input, recipientHash, now);

    const previous = chain.lastChallengeId ? await this.lockChallenge(em, chain.lastChallengeId) : null;
    if (previous?.status === 'ACTIVE') await this.move(em, previous, 'REPLACED', { updatedAt: now });

    const challengeId = randomUUID();
    const code = generateCode(input.format);
    const expiresAt = new Date(now.getTime() + policy.lifetimeSeconds * 1000);
    const caseInsensitive = input.format.caseInsensitive === true;
    // The message first, so the challenge row is stored whole, with its message id.
    let queued: QueuedMessage | null = null;
    if (input.message) {
      const { subject, text } = input.message.render(code);
      queued = await this.delivery.enqueue({
        channel: input.message.channel,
        recipient: input.message.recipient,
        subject,
        text,
        expiresAt,
        correlationId: challengeId,
      });
    }
    await statements.challenges.insert(em, {
      challengeId,
      chainKey,
      liveChainKey: chainKey,
      subjectKey: subjectKeyOf(input.purpose, input.subject),
      purpose: input.purpose,
      channel: input.channel,
      userId: input.userId,
      recipientHash,
      codeHash: SENT_CHANNELS.includes(input.channel)
        ? this.hasher.hash(CODE_PURPOSE, codeValue(challengeId, normalizeCode(code, caseInsensitive)))
        : null,
      bindingHash: this.hasher.hash(BINDING_PURPOSE, canonicalBinding(input.binding)),
      alphabet: input.format.alphabet,
      codeLength: input.format.length,
      caseInsensitive,
      lifetimeSeconds: policy.lifetimeSeconds,
      maxTries: policy.maxTries,
      resendSpacingSeconds: policy.resendSpacingSeconds,
      maxResends: policy.maxResends,
      status: 'ACTIVE',
      tries: 0,
      sequence: chain.issuedCount,
      messageId: queued?.messageId ?? null,
      createdAt: now,
      expiresAt,
      matchedAt: null,
      updatedAt: now,
    });
    await statements.chains.update(
      em,
      { chainKey },
      { issuedCount: chain.issuedCount + 1, lastIssuedAt: now, lastChallengeId: challengeId },
    );
    this.logger.log(
      { challengeId, purpose: input.purpose, subject: input.subject, step: input.step, sequence: chain.issuedCount },
      'Challenge issued',
    );
    const resendsLeft = policy.maxResends === null ? null : policy.maxResends - chain.issuedCount;
    return { issued: { challengeId, code, expiresAt, resendsLeft }, queued };
  }

  /**
   * Sliding hour per user and per recipient. The key rows (user first, then recipient: a fixed
   * lock order) serialize concurrent issues of one key; the windows are read after they are
   * locked, in a statement of their own (under READ COMMITTED a statement sees what committed
   * before it started, so not in the statement that waited for the locks).
   */
  private async checkRateLimits(em: EntityManager, input: IssueChallenge, recipientHash: string | null, now: Date) {
    const statements = challengeStatements(em);
    const windows: Array<RateWindow & { key: string }> = [
      { key: `user:${input.userId}`, by: 'userId', value: input.userId, max: this.config.maxPerUserPerHour },
      ...(recipientHash
        ? [
            {
              key: `recipient:${recipientHash}`,
              by: 'recipientHash' as const,
              value: recipientHash,
              max: this.config.maxPerRecipientPerHour,
            },
          ]
        : []),
    ];
    const keys = windows.map((w) => this.hasher.hash(RATE_KEY_PURPOSE, w.key));
    await statements.lockRateKeys(em, keys, now);
    const since = new Date(now.getTime() - RATE_WINDOW_MS);
    const full = await statements.windowsFull(em, windows, SENT_CHANNELS, since);
    // the first full window answers, user before recipient
    const oldest = full.find((createdAt) => createdAt !== null);
    if (!oldest) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000));
    throw this.refuse(
      input,
      new ChallengeError('RATE_LIMITED', 'Too many codes; try again later.', { retryAfterSeconds }),
    );
  }

  /** The challenge row, locked until the transaction ends. */
  private lockChallenge(em: EntityManager, challengeId: string): Promise<Challenge | null> {
    return challengeStatements(em).challenges.findOne(em, { challengeId }, { lock: true });
  }

  /** Moves a locked ACTIVE challenge on; leaving ACTIVE frees the chain's live slot and cancels a pending message. */
  private async move(
    em: EntityManager,
    row: Challenge,
    to: ChallengeStatus | null,
    changes: Partial<Challenge>,
  ): Promise<void> {
    const { challenges } = challengeStatements(em);
    const where = { challengeId: row.challengeId };
    if (to === null) {
      await challenges.update(em, where, changes);
      return;
    }
    await challengeMachine.writeRow(em, challenges, where, 'status', row.status, to, {
      ...changes,
      liveChainKey: null,
    });
    if (row.messageId && to !== 'USED') await this.delivery.cancel(row.messageId);
  }

  private async challengeIdOf(em: EntityManager, ref: ChallengeRef): Promise<string | null> {
    if ('challengeId' in ref)
      return typeof ref.challengeId === 'string' && ref.challengeId.length <= 36 ? ref.challengeId : null;
    const chain = await challengeStatements(em).chains.findOne(em, { chainKey: chainKeyOf(ref) });
    return chain?.lastChallengeId ?? null;
  }

  private refuse(input: IssueChallenge, error: ChallengeError): ChallengeError {
    this.logger.warn(
      { purpose: input.purpose, subject: input.subject, step: input.step, reason: error.code },
      'Challenge not issued',
    );
    return error;
  }
}

function codeValue(challengeId: string, code: string): string {
  return `${challengeId}\0${code}`;
}

function factorOf(channel: ChallengeChannel): AuthFactor {
  return channel;
}

function assertIssue(input: IssueChallenge): void {
  assertCodeFormat(input.format);
  const { policy } = input;
  const positive = (n: number) => Number.isInteger(n) && n > 0;
  if (
    !positive(policy.lifetimeSeconds) ||
    !positive(policy.maxTries) ||
    !Number.isInteger(policy.resendSpacingSeconds)
  ) {
    throw new Error('Challenge policy: lifetime and tries must be positive whole numbers');
  }
  if (policy.maxResends !== null && !(Number.isInteger(policy.maxResends) && policy.maxResends >= 0)) {
    throw new Error('Challenge policy: maxResends must be null or a whole number ≥ 0');
  }
  if (input.purpose.length > 64 || input.subject.length > 256 || input.step.length > 64 || input.userId.length > 256) {
    throw new Error('Challenge chain: purpose ≤ 64, subject ≤ 256, step ≤ 64, userId ≤ 256 characters');
  }
}
