import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { UsersConfig } from './users.config';

/**
 * argon2id password hashes; the encoded hash carries salt and parameters, so they can change
 * later (hashes made with other parameters keep verifying with their own). At most
 * PASSWORD_HASH_CONCURRENCY hashes run at once, so memory stays bounded under a burst of
 * logins (each hash holds PASSWORD_HASH_MEMORY_KIB while it runs); the others queue in order.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;
  private readonly slots: Slots;

  constructor(private readonly config: UsersConfig) {
    this.slots = new Slots(config.passwordHashConcurrency);
  }

  hash(password: string): Promise<string> {
    const { memoryKib, timeCost, parallelism } = this.config.passwordHash;
    return this.slots.inTurn(() =>
      argon2.hash(password, { type: argon2.argon2id, memoryCost: memoryKib, timeCost, parallelism }),
    );
  }

  async matches(hash: string, password: string): Promise<boolean> {
    try {
      return await this.slots.inTurn(() => argon2.verify(hash, password));
    } catch {
      return false; // malformed stored hash: never a match
    }
  }

  /** Spends the same work as a real check, so unknown users answer as slowly as known ones. */
  async burn(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password');
    await this.matches(await this.dummyHash, password);
  }
}

/** A counting semaphore: at most `size` works run at once, the others start in arrival order. */
export class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // hand the slot straight to the next in line (running stays the same), else free it
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
