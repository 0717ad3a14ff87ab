/**
 * What form-data refuses: form data that cannot be shown, operation data that does not parse or
 * disagrees with the form. Each API words these in its dialect's code mapping; the messages here
 * are the cause.
 */
export type FormDataErrorCode = 'INVALID_FORM_DATA' | 'INVALID_OPERATION_DATA';
