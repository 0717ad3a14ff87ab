import { Injectable } from '@nestjs/common';
import { DomainError, compareDecimals, decimalString } from '@app/core';
import { PAYMENT_OPERATIONS } from '../sms/operation-binding';
import { BankAccountView, UserAccountsService, UsersService } from '@app/users';
import type { FormDataJson } from '../http/dto/common.dto';

export const BANK_ACCOUNT_CHOICE_ID = 'operation.bankAccountChoice';

const REASONS: Record<'balance' | 'currency', Record<'en' | 'cs', string>> = {
  balance: { en: 'Low account balance', cs: 'Nízký zůstatek na účtu' },
  currency: { en: 'Account currency differs from the payment currency', cs: 'Měna účtu se liší od měny platby' },
};

/**
 * Adds the user's bank accounts to a payment's form data as a BANK_ACCOUNT_CHOICE attribute
 * (replacing one with the same id). An account the payment cannot be made from stays in the list,
 * marked unusable with a reason in the user's language.
 */
@Injectable()
export class FormDataDecoratorService {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: UserAccountsService,
  ) {}

  async decorate(
    userId: string | null | undefined,
    organizationId: string | null | undefined,
    operationName: string | null | undefined,
    formData: FormDataJson | null | undefined,
  ): Promise<FormDataJson | null> {
    if (!formData || !(PAYMENT_OPERATIONS as readonly string[]).includes(operationName ?? '')) return formData ?? null;
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || (organizationId && organizationId !== user.organizationId)) {
      throw new DomainError('USER_NOT_FOUND', 'login.userNotFound');
    }
    const parameters = Array.isArray(formData.parameters) ? formData.parameters : [];
    const amountAttribute = parameters.find((p) => p?.type === 'AMOUNT');
    const amount = decimalString(amountAttribute?.amount);
    const currency = typeof amountAttribute?.currency === 'string' ? amountAttribute.currency : null;
    const lang = user.language === 'cs' ? 'cs' : 'en';
    const bankAccounts = (await this.accounts.listAccounts(user.userId)).map((a) =>
      toBankAccount(a, amount, currency, lang),
    );
    const config = Array.isArray(formData.config)
      ? formData.config.find((c) => c?.id === BANK_ACCOUNT_CHOICE_ID)
      : undefined;
    const attribute = {
      type: 'BANK_ACCOUNT_CHOICE',
      id: BANK_ACCOUNT_CHOICE_ID,
      label: null,
      bankAccounts,
      enabled: config ? (config.enabled ?? null) : true,
      defaultValue: config
        ? (config.defaultValue ?? null)
        : ((bankAccounts.find((a) => a.usableForPayment) ?? bankAccounts[0])?.accountId ?? null),
    };
    const index = parameters.findIndex((p) => p?.id === BANK_ACCOUNT_CHOICE_ID);
    const decorated = index >= 0 ? parameters.map((p, i) => (i === index ? attribute : p)) : [...parameters, attribute];
    return { ...formData, parameters: decorated };
  }
}

function toBankAccount(account: BankAccountView, amount: string | null, currency: string | null, lang: 'en' | 'cs') {
  let reason: string | null = account.usableForPayment ? null : account.unusableForPaymentReason;
  let usable = account.usableForPayment;
  if (usable && currency !== null && account.currency !== currency) {
    usable = false;
    reason = REASONS.currency[lang];
  } else if (usable && amount !== null && (compareDecimals(account.balance, amount) ?? 0) < 0) {
    usable = false;
    reason = REASONS.balance[lang];
  }
  return {
    number: account.accountNumber,
    accountId: account.accountId,
    name: account.accountName,
    balance: Number(account.balance),
    currency: account.currency,
    usableForPayment: usable,
    unusableForPaymentReason: reason,
  };
}
