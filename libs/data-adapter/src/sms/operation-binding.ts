import { decimalString } from '@app/core';

/** The parts of a Data Adapter form data the binding reads (other attributes are ignored). */
export interface BindingFormData {
  parameters?: Array<Record<string, unknown> | null> | null;
}

export type BindingResult = { items: string[] } | { invalid: string };

export const LOGIN_OPERATIONS = ['login', 'login_sca'] as const;
export const PAYMENT_OPERATIONS = ['authorize_payment', 'authorize_payment_sca'] as const;

/**
 * What an SMS code is bound to (spec §4.1): the operation name for a login, the amount,
 * currency and payee account for a payment. A code only verifies while these are unchanged.
 * `invalid` carries the sample adapter's validation code for payment data that is missing.
 */
export function operationBinding(operationName: string, formData: BindingFormData | null | undefined): BindingResult {
  if ((LOGIN_OPERATIONS as readonly string[]).includes(operationName)) return { items: [operationName] };
  if (!(PAYMENT_OPERATIONS as readonly string[]).includes(operationName)) {
    return { invalid: 'smsAuthorization.operationName.unsupported' };
  }
  const parameters = Array.isArray(formData?.parameters) ? formData.parameters : null;
  if (!parameters) return { invalid: 'smsAuthorization.amount.empty' };
  const amounts = parameters.filter((p) => p?.type === 'AMOUNT');
  if (amounts.length !== 1) return { invalid: 'smsAuthorization.amount.empty' };
  const amount = decimalString(amounts[0]!.amount);
  if (amount === null) return { invalid: 'smsAuthorization.amount.empty' };
  if (!/[1-9]/.test(amount) || amount.startsWith('-')) return { invalid: 'smsAuthorization.amount.invalid' };
  const currency = amounts[0]!.currency;
  if (typeof currency !== 'string' || currency.trim() === '') return { invalid: 'smsAuthorization.currency.empty' };
  const account = parameters.find((p) => p?.id === 'operation.account');
  if (!account || account.type !== 'KEY_VALUE' || typeof account.value !== 'string' || account.value.trim() === '') {
    return { invalid: 'smsAuthorization.account.empty' };
  }
  return { items: [amount, currency, account.value] };
}
