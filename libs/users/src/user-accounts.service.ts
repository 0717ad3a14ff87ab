import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock, NotFoundError, Transactions, findOneForUpdate } from '@app/core';
import { UserBankAccount } from './bank-account.entity';
import { UserIdentity } from './user.entity';
import { BankAccountView, toBankAccountView } from './user.view';
import { UsersError } from './users.errors';

export interface BankAccountInput {
  accountNumber: string;
  accountName: string;
  balance: string;
  currency: string;
  usableForPayment: boolean;
  unusableForPaymentReason?: string | null;
}

/** Bank accounts per user: read by the Data Adapter's form-data decorate, kept through /admin. */
@Injectable()
export class UserAccountsService {
  constructor(
    @InjectRepository(UserBankAccount) private readonly accounts: Repository<UserBankAccount>,
    @InjectRepository(UserIdentity) private readonly users: Repository<UserIdentity>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The user's accounts in the order they were added; empty for an unknown user. */
  async listAccounts(userId: string): Promise<BankAccountView[]> {
    if (userId.length > 30) return [];
    const rows = await this.accounts.find({ where: { userId }, order: { createdAt: 'ASC', accountId: 'ASC' } });
    return rows.map(toBankAccountView);
  }

  async page(userId: string, page: number, size: number): Promise<{ items: BankAccountView[]; total: number }> {
    await this.requireUser(userId);
    const [rows, total] = await this.accounts.findAndCount({
      where: { userId },
      order: { createdAt: 'ASC', accountId: 'ASC' },
      skip: page * size,
      take: size,
    });
    return { items: rows.map(toBankAccountView), total };
  }

  async get(userId: string, accountId: string): Promise<BankAccountView> {
    const row = await this.accounts.findOneBy({ userId, accountId });
    if (!row) throw new NotFoundError(`Account "${accountId}" of user "${userId}"`);
    return toBankAccountView(row);
  }

  async create(userId: string, accountId: string, input: BankAccountInput): Promise<BankAccountView> {
    return this.transactions.run(async (em) => {
      if (!(await em.existsBy(UserIdentity, { userId }))) throw new NotFoundError(`User "${userId}"`);
      if (await em.existsBy(UserBankAccount, { userId, accountId })) {
        throw new UsersError('ACCOUNT_ALREADY_EXISTS', `Account "${accountId}" already exists for this user.`);
      }
      const now = this.clock.now();
      const row = em.create(UserBankAccount, {
        userId,
        accountId,
        ...normalize(input),
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(UserBankAccount, row);
      return toBankAccountView(row);
    });
  }

  async update(userId: string, accountId: string, input: BankAccountInput): Promise<BankAccountView> {
    return this.transactions.run(async (em) => {
      const row = await findOneForUpdate(em, UserBankAccount, { userId, accountId });
      if (!row) throw new NotFoundError(`Account "${accountId}" of user "${userId}"`);
      Object.assign(row, normalize(input), { updatedAt: this.clock.now() });
      await em.save(UserBankAccount, row);
      return toBankAccountView(row);
    });
  }

  async remove(userId: string, accountId: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const result = await em.delete(UserBankAccount, { userId, accountId });
      if (!result.affected) throw new NotFoundError(`Account "${accountId}" of user "${userId}"`);
    });
  }

  private async requireUser(userId: string): Promise<void> {
    if (userId.length > 30 || !(await this.users.existsBy({ userId }))) throw new NotFoundError(`User "${userId}"`);
  }
}

function normalize(input: BankAccountInput) {
  return {
    accountNumber: input.accountNumber,
    accountName: input.accountName,
    balance: input.balance,
    currency: input.currency,
    usableForPayment: input.usableForPayment,
    // The reason only means something for an account that cannot pay.
    unusableForPaymentReason: input.usableForPayment ? null : (input.unusableForPaymentReason ?? null),
  };
}
