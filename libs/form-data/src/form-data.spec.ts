import { assertFormDataAgrees } from './agreement';
import { InvalidFormDataError, validateFormData } from './form-data';
import { parseOperationData } from './operation-data';

const seedFormData = () => ({
  title: { id: 'operation.title', value: null },
  greeting: { id: 'operation.greeting', value: null },
  summary: { id: 'operation.summary', value: null },
  config: [],
  parameters: [
    {
      type: 'AMOUNT',
      id: 'operation.amount',
      label: null,
      valueFormatType: 'AMOUNT',
      formattedValue: null,
      amount: 100,
      currency: 'CZK',
      currencyId: 'operation.currency',
    },
    {
      type: 'KEY_VALUE',
      id: 'operation.account',
      label: null,
      valueFormatType: 'ACCOUNT',
      formattedValue: null,
      value: '238400856/0300',
    },
    {
      type: 'KEY_VALUE',
      id: 'operation.dueDate',
      label: null,
      valueFormatType: 'DATE',
      formattedValue: null,
      value: '2017-06-29',
    },
    { type: 'NOTE', id: 'operation.note', label: null, valueFormatType: 'TEXT', formattedValue: null, note: 'Bill' },
  ],
  dynamicDataLoaded: false,
  userInput: {},
});

describe('form data validation', () => {
  it('accepts the seed document, fills defaults and keeps parameters as sent', () => {
    const form = validateFormData(seedFormData());
    expect(form.title).toEqual({ id: 'operation.title', message: null });
    expect(form.banners).toEqual([]);
    expect(form.parameters).toEqual(seedFormData().parameters);
  });

  it('accepts every parameter type', () => {
    const form = validateFormData({
      parameters: [
        { type: 'HEADING', id: 'operation.heading', valueFormatType: 'LOCALIZED_TEXT', value: 'operation.title' },
        {
          type: 'BANK_ACCOUNT_CHOICE',
          id: 'operation.bankAccountChoice',
          bankAccounts: [
            {
              number: '12345678/1234',
              accountId: 'CZ40',
              name: 'Běžný účet',
              balance: 24394.52,
              currency: 'CZK',
              usableForPayment: false,
              unusableForPaymentReason: null,
            },
          ],
          enabled: true,
          defaultValue: 'CZ40',
        },
        { type: 'BANNER', id: 'banner.warning', message: 'careful', bannerType: 'BANNER_WARNING' },
        { type: 'PARTY_INFO', id: 'operation.partyInfo', partyInfo: { name: 'Shop', logoUrl: 'https://x/y.png' } },
      ],
      banners: [{ id: 'banner.info', message: null }],
      config: [{ id: 'operation.bankAccountChoice', enabled: false, defaultValue: 'CZ40' }],
      userInput: { 'operation.bankAccountChoice': 'CZ40' },
    });
    expect(form.parameters.map((p) => p.type)).toEqual(['HEADING', 'BANK_ACCOUNT_CHOICE', 'BANNER', 'PARTY_INFO']);
    expect(form.banners[0].bannerType).toBe('BANNER_INFO');
    expect(form.parameters[3].partyInfo).toEqual({
      name: 'Shop',
      logoUrl: 'https://x/y.png',
      description: null,
      websiteUrl: null,
    });
  });

  it.each([
    ['unknown type', { parameters: [{ type: 'SLIDER', id: 'x' }] }],
    ['missing id', { parameters: [{ type: 'NOTE', note: 'x' }] }],
    ['negative amount', { parameters: [{ type: 'AMOUNT', id: 'a', amount: -1, currency: 'CZK' }] }],
    ['bad currency', { parameters: [{ type: 'AMOUNT', id: 'a', amount: 1, currency: 'czk' }] }],
    [
      'two amounts',
      {
        parameters: [
          { type: 'AMOUNT', id: 'a', amount: 1, currency: 'CZK' },
          { type: 'AMOUNT', id: 'b', amount: 1, currency: 'CZK' },
        ],
      },
    ],
    [
      'duplicate ids',
      {
        parameters: [
          { type: 'NOTE', id: 'a' },
          { type: 'KEY_VALUE', id: 'a' },
        ],
      },
    ],
    ['bad value format', { parameters: [{ type: 'KEY_VALUE', id: 'a', valueFormatType: 'BOLD' }] }],
    ['bad date', { parameters: [{ type: 'KEY_VALUE', id: 'a', valueFormatType: 'DATE', value: '29.6.2017' }] }],
    ['bad banner type', { banners: [{ id: 'b', bannerType: 'LOUD' }] }],
    ['config without id', { config: [{ enabled: true }] }],
    ['non-string user input', { userInput: { a: 1 } }],
    ['title without id', { title: { message: 'x' } }],
    ['not an object', 'formData'],
  ])('rejects %s with INVALID_REQUEST', (_name, raw) => {
    expect(() => validateFormData(raw)).toThrow(InvalidFormDataError);
  });
});

describe('operation data and form data agreement', () => {
  const data = parseOperationData('A1*A100CZK*Q238400856/0300**D20170629*NUtility Bill Payment - 05/2017');

  it('accepts matching values (100 and 100.00 are the same amount)', () => {
    expect(() => assertFormDataAgrees(data, validateFormData(seedFormData()))).not.toThrow();
    const form = seedFormData();
    (form.parameters[0] as { amount: unknown }).amount = '100.00';
    expect(() => assertFormDataAgrees(data, validateFormData(form))).not.toThrow();
  });

  it.each([
    ['amount', (f: ReturnType<typeof seedFormData>) => ((f.parameters[0] as { amount: unknown }).amount = 101)],
    ['currency', (f: ReturnType<typeof seedFormData>) => ((f.parameters[0] as { currency: unknown }).currency = 'EUR')],
    ['account', (f: ReturnType<typeof seedFormData>) => ((f.parameters[1] as { value: unknown }).value = '1/0100')],
  ])('rejects a different %s', (field, change) => {
    const form = seedFormData();
    change(form);
    expect(() => assertFormDataAgrees(data, validateFormData(form))).toThrow(
      expect.objectContaining({ code: 'INVALID_OPERATION_DATA', details: { field } }),
    );
  });
});
