import { Injectable } from '@nestjs/common';
import { Clock, KeyedHasher, Transactions, findOneForUpdate } from '@app/core';
import { UsersConfig } from '@app/users';
import { SimulatedFailure } from './simulated-failure.entity';

export type SimulatedCheck = { result: 'INVALID'; remainingAttempts: number } | { result: 'LOCKED' };

/**
 * The user directory's lockout, played for users that do not exist: the same counts, the same
 * lock after USER_MAX_FAILED_ATTEMPTS and the same release after USER_LOCK_SECONDS.
 */
@Injectable()
export class SimulatedLockout {
  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: UsersConfig,
  ) {}

  recordFailure(organizationId: string | null | undefined, userId: string): Promise<SimulatedCheck> {
    const keyHash = this.hasher.hash('da.unknown-user', `${organizationId ?? ''}\0${userId}`);
    return this.transactions.run(async (em) => {
      const now = this.clock.now();
      let row = await findOneForUpdate(em, SimulatedFailure, { keyHash });
      if (row?.lockedUntil && row.lockedUntil.getTime() > now.getTime()) return { result: 'LOCKED' } as const;
      if (!row) {
        row = em.create(SimulatedFailure, { keyHash, failedAttempts: 0, lockedUntil: null, updatedAt: now });
        // a concurrent first failure may insert the same key: count on the row that won
        await em.createQueryBuilder().insert().into(SimulatedFailure).values(row).orIgnore().execute();
        row = (await findOneForUpdate(em, SimulatedFailure, { keyHash }))!;
      }
      if (row.lockedUntil) {
        row.lockedUntil = null; // lock expired: a fresh count, as for a real user
        row.failedAttempts = 0;
      }
      row.failedAttempts += 1;
      if (row.failedAttempts >= this.config.maxFailedAttempts) {
        row.lockedUntil = new Date(now.getTime() + this.config.lockSeconds * 1000);
      }
      await em.update(
        SimulatedFailure,
        { keyHash },
        { failedAttempts: row.failedAttempts, lockedUntil: row.lockedUntil, updatedAt: now },
      );
      if (row.lockedUntil) return { result: 'LOCKED' } as const;
      return { result: 'INVALID', remainingAttempts: this.config.maxFailedAttempts - row.failedAttempts } as const;
    });
  }
}
