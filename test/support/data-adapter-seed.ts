/**
 * Requests of the Data Adapter API reference (seed 002), field by field, for replay in the e2e
 * suites. Only the operation id and userInput vary between the documented examples.
 */
export const SEED_USER = { userId: '12345678', username: 'user1234', organizationId: 'RETAIL' };

export function seedFormData(
  userInput: Record<string, string> = {},
  overrides: { amount?: unknown; currency?: string; account?: string } = {},
) {
  return {
    title: { id: 'operation.title', message: 'Confirm Payment' },
    greeting: { id: 'operation.greeting', message: 'Hello,\nplease confirm following payment:' },
    summary: { id: 'operation.summary', message: 'Hello, please confirm payment 100 CZK to account 238400856/0300.' },
    config: [] as unknown[],
    banners: [] as unknown[],
    parameters: [
      {
        type: 'AMOUNT',
        id: 'operation.amount',
        label: 'Amount',
        valueFormatType: 'AMOUNT',
        formattedValues: { amount: '100.00', currency: 'CZK' },
        amount: overrides.amount ?? 100,
        currency: overrides.currency ?? 'CZK',
        currencyId: 'operation.currency',
      },
      {
        type: 'KEY_VALUE',
        id: 'operation.account',
        label: 'To Account',
        valueFormatType: 'ACCOUNT',
        formattedValues: { value: overrides.account ?? '238400856/0300' },
        value: overrides.account ?? '238400856/0300',
      },
      {
        type: 'KEY_VALUE',
        id: 'operation.dueDate',
        label: 'Due Date',
        valueFormatType: 'DATE',
        formattedValues: { value: 'Jun 29, 2019' },
        value: '2019-06-29',
      },
      {
        type: 'NOTE',
        id: 'operation.note',
        label: 'Note',
        valueFormatType: 'TEXT',
        formattedValues: { value: 'Utility Bill Payment - 05/2019' },
        note: 'Utility Bill Payment - 05/2019',
      },
    ] as Array<Record<string, unknown>>,
    userInput,
  };
}

export const CHOSEN_ACCOUNT = {
  'operation.bankAccountChoice': 'CZ4012340000000012345678',
  'operation.bankAccountChoice.disabled': 'true',
};

export function seedContext(
  id: string,
  userInput: Record<string, string> = {},
  overrides: { name?: string; amount?: unknown; currency?: string; account?: string } = {},
) {
  return {
    id,
    name: overrides.name ?? 'authorize_payment',
    data: 'A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill Payment - 05/2019',
    formData: seedFormData(userInput, overrides),
    applicationContext: {
      id: 'democlient',
      name: 'Demo application',
      description: 'Web Flow demo application',
      originalScopes: ['pisp'],
      extras: { applicationOwner: 'Wultra' },
    },
  };
}

/** The login context Web Flow sends during LOGIN_SCA (spec §8). */
export function loginContext(id: string) {
  return {
    id,
    name: 'login',
    data: 'A2',
    formData: {
      title: { id: 'login.title', message: 'Login' },
      greeting: { id: 'login.greeting', message: 'Hello' },
      summary: { id: 'login.summary', message: 'Log in' },
      config: [],
      banners: [],
      parameters: [],
      userInput: {},
    },
    applicationContext: null,
  };
}

export const SEED_USER_DETAIL = {
  id: '12345678',
  givenName: 'John',
  familyName: 'Doe',
  organizationId: 'RETAIL',
  accountStatus: 'ACTIVE',
};

export const SEED_CONSENT_OPTIONS = [
  {
    id: 'CONSENT_INIT',
    descriptionHtml: 'I consent that I have initiated this payment operation.',
    required: true,
    defaultValue: 'NOT_CHECKED',
    value: null as string | null,
  },
  {
    id: 'CONSENT_PAYMENT',
    descriptionHtml: 'I give consent to complete this payment operation.',
    required: true,
    defaultValue: 'NOT_CHECKED',
    value: null as string | null,
  },
];

export const SEED_CONSENT_HTML =
  'I consent that I have initiated this payment request and give consent to complete the operation.';
