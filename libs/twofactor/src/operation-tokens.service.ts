import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Clock, KeyedHasher, Transactions, findOneForUpdate } from '@app/core';
import { OperationToken } from './entities';
import { canonicalBinding } from './otp-codes';
import { TwoFactorAudit } from './twofactor-audit';

const TOKEN_PURPOSE = 'tf-operation-token';
const BINDING_PURPOSE = 'tf-operation-binding';
/** An operation token is good for one use within five minutes (twofactor-api.md §5). */
export const OPERATION_TOKEN_SECONDS = 300;

export interface OperationBindingInput {
  operation: string;
  parameters: Record<string, unknown>;
}

/**
 * Single-use tokens that prove the user confirmed one operation with exactly these parameter
 * values (dynamic linking). Stored as keyed hashes; consumed under a row lock.
 */
@Injectable()
export class OperationTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly audit: TwoFactorAudit,
  ) {}

  async issue(
    userId: string,
    binding: OperationBindingInput,
  ): Promise<{ operationToken: string; validFrom: Date; validTo: Date }> {
    const operationToken = randomBytes(24).toString('base64url');
    const validFrom = this.clock.now();
    const validTo = new Date(validFrom.getTime() + OPERATION_TOKEN_SECONDS * 1000);
    await this.transactions.run(async (em) => {
      await em.insert(OperationToken, {
        tokenHash: this.hasher.hash(TOKEN_PURPOSE, operationToken),
        userId,
        operation: binding.operation,
        bindingHash: this.hasher.hash(BINDING_PURPOSE, canonicalBinding(binding.operation, binding.parameters)),
        expiresAt: validTo,
        usedAt: null,
      });
      await this.audit.record('OPERATION_TOKEN_ISSUED', userId, { operation: binding.operation });
    });
    return { operationToken, validFrom, validTo };
  }

  /** True exactly once for a live token of this user, operation and parameter values. */
  consume(userId: string, binding: OperationBindingInput, operationToken: string, clientId: string): Promise<boolean> {
    if (operationToken.length > 200) return Promise.resolve(false);
    const tokenHash = this.hasher.hash(TOKEN_PURPOSE, operationToken);
    const bindingText = canonicalBinding(binding.operation, binding.parameters);
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, OperationToken, { tokenHash });
      const now = this.clock.now();
      const valid =
        row !== null &&
        row.usedAt === null &&
        row.expiresAt.getTime() > now.getTime() &&
        row.userId === userId &&
        row.operation === binding.operation &&
        this.hasher.matches(BINDING_PURPOSE, bindingText, row.bindingHash);
      if (!valid) return false;
      await em.update(OperationToken, { tokenHash }, { usedAt: now });
      await this.audit.record('OPERATION_TOKEN_USED', userId, { operation: binding.operation }, clientId);
      return true;
    });
  }
}
