export { assertFormDataAgrees } from './agreement';
export { emptyFormData, userInputMap, validateFormData } from './form-data';
export type { OperationFormData } from './form-data';
export type { FormDataErrorCode } from './form-data-errors';
export { parseOperationData } from './operation-data';
export { shownValueProblem, singlePaymentAmount } from './shown-values';
