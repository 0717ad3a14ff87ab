import { DomainError, decimalString, normalizeDecimal } from '@app/core';
import { OperationFormData } from './form-data';
import { OperationData, OperationDataField } from './operation-data';

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
  const signedAccount = fields.find((f) => f.type === 'ACCOUNT' || f.type === 'IBAN');
  const shownAccount = form.parameters.find(
    (p) => p.type === 'KEY_VALUE' && (p.valueFormatType === 'ACCOUNT' || p.id === 'operation.account'),
  );
  if (signedAccount && shownAccount && typeof shownAccount.value === 'string') {
    const signed = signedAccount.type === 'IBAN' ? signedAccount.iban : signedAccount.account;
    if (compact(shownAccount.value) !== compact(signed)) throw mismatch('account');
  }
}

const compact = (account: string) => account.replace(/\s+/g, '').toUpperCase();

function mismatch(what: string): DomainError {
  return new DomainError(
    'INVALID_OPERATION_DATA',
    `Operation contains invalid data: the ${what} in operationData and formData differ.`,
    { field: what },
  );
}
