import { decimalString, normalizeDecimal } from '@app/core';
import { OperationFormData } from './form-data';
import { isAccountParameter } from './shown-values';
import { InvalidOperationDataError, OperationData, OperationDataField } from './operation-data';

/**
 * Operation data is what the user signs, form data is what the user sees: where both carry the
 * amount, the currency or the counter account, they must say the same thing.
 */
export function assertFormDataAgrees(data: OperationData, form: OperationFormData): void {
  const fields = Object.values(data.fields) as OperationDataField[];
  const signedAmount = fields.find((f) => f.type === 'AMOUNT');
  const shownAmount = form.parameters.find((p) => p.type === 'AMOUNT');
  if (signedAmount && shownAmount) {
    const amount = decimalString(shownAmount.amount);
    if (amount === null || normalizeDecimal(amount) !== normalizeDecimal(signedAmount.amount)) {
      throw mismatch('amount');
    }
    if (shownAmount.currency !== signedAmount.currency) throw mismatch('currency');
  }
  // Every account the user is shown, not only the first: a decoy ACCOUNT parameter before
  // `operation.account` (which the SMS quotes and binds) must not pass the check for it.
  const signedAccount = fields.find((f) => f.type === 'ACCOUNT' || f.type === 'IBAN');
  if (!signedAccount) return;
  const signed = compact(signedAccount.type === 'IBAN' ? signedAccount.iban : signedAccount.account);
  for (const shown of form.parameters.filter(isAccountParameter)) {
    if (typeof shown.value === 'string' && compact(shown.value) !== signed) throw mismatch('account');
  }
}

const compact = (account: string) => account.replace(/\s+/g, '').toUpperCase();

function mismatch(what: string): InvalidOperationDataError {
  return new InvalidOperationDataError(`the ${what} in operationData and formData differ.`, { field: what });
}
