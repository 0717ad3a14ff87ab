import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id password hashes; the encoded hash carries salt and parameters, so they can change later. */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async matches(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
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
