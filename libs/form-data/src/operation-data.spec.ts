import {
  formatOperationData,
  InvalidOperationDataError,
  OperationDataBuilder,
  parseOperationData,
} from './operation-data';

describe('operation data builder (anchor OperationDataBuilderTest vectors)', () => {
  it('testEmptyAttributes', () => {
    expect(new OperationDataBuilder().templateVersion('A').templateId(1).build()).toBe('A1');
  });

  it('testAttributesBasic', () => {
    const data = new OperationDataBuilder()
      .templateVersion('A')
      .templateId(1)
      .attr(1, { type: 'ACCOUNT', account: '12345678/0100' })
      .attr(2, { type: 'AMOUNT', amount: '100', currency: 'EUR' })
      .attr(3, { type: 'DATE', date: '2000-01-01' })
      .build();
    expect(data).toBe('A1*Q12345678/0100*A100EUR*D20000101');
  });

  it('testAttributesDateAndChars', () => {
    const data = new OperationDataBuilder()
      .templateVersion('B')
      .templateId(2)
      .attr(1, { type: 'IBAN', iban: 'DE89370400440532013000' })
      .attr(2, { type: 'AMOUNT', amount: '100.01', currency: 'CZK' })
      .attr(3, { type: 'DATE', date: '2000-01-01' })
      .attr(4, { type: 'NOTE', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy' })
      .build();
    expect(data).toBe('B2*IDE89370400440532013000*A100.01CZK*D20000101*NPříliš žluťoučký kůň úpěl ďábelské ódy');
  });

  it('testAttributesEscaping', () => {
    const data = new OperationDataBuilder()
      .templateVersion('C')
      .templateId(3)
      .attr(1, { type: 'IBAN', iban: 'FR7665746739125353006311563' })
      .attr(2, { type: 'AMOUNT', amount: '0.01', currency: 'USD' })
      .attr(3, { type: 'DATE', date: '2011-12-31' })
      .attr(4, { type: 'NOTE', text: '***text with asterisks,\\slashes,\ttabs and\nnewlines***' })
      .build();
    expect(data).toBe(
      'C3*IFR7665746739125353006311563*A0.01USD*D20111231*N\\*\\*\\*text with asterisks,\\\\slashes, tabs and\\nnewlines\\*\\*\\*',
    );
  });

  it('testAttributesOther (the anchor writes text() as a NOTE)', () => {
    const data = new OperationDataBuilder()
      .templateVersion('C')
      .templateId(3)
      .attr(1, { type: 'REFERENCE', text: 'R1   2/3*4' })
      .attr(2, { type: 'NOTE', text: '             -               ' })
      .build();
    expect(data).toBe('C3*RR1 2/3\\*4*N - ');
  });

  it('testAttributesSkip1 / testAttributesSkip2: empty interior fields keep their asterisks', () => {
    const account = { type: 'ACCOUNT', account: '12345678/0100' } as const;
    const date = { type: 'DATE', date: '2016-06-06' } as const;
    expect(new OperationDataBuilder().templateVersion('A').templateId(1).attr(1, account).attr(3, date).build()).toBe(
      'A1*Q12345678/0100**D20160606',
    );
    expect(new OperationDataBuilder().templateVersion('A').templateId(1).attr(1, account).attr(5, date).build()).toBe(
      'A1*Q12345678/0100****D20160606',
    );
  });

  it('testAttributesUpdate: a later value of the same index wins', () => {
    const data = new OperationDataBuilder()
      .templateVersion('A')
      .templateId(1)
      .attr(1, { type: 'DATE', date: '2016-06-06' })
      .attr(1, { type: 'DATE', date: '2016-06-07' })
      .build();
    expect(data).toBe('A1*D20160607');
  });

  it('testDataInvalid1/2/3: version and template are required', () => {
    expect(() => new OperationDataBuilder().build()).toThrow(InvalidOperationDataError);
    expect(() => new OperationDataBuilder().templateId(1).build()).toThrow(InvalidOperationDataError);
    expect(() => new OperationDataBuilder().templateVersion('A').build()).toThrow(InvalidOperationDataError);
  });

  it.each(['0.0099', '0', '-100'])('testInvalidAmount / testZeroAmount / testNegativeAmount: %s', (amount) => {
    const builder = new OperationDataBuilder()
      .templateVersion('A')
      .templateId(1)
      .attr(1, { type: 'AMOUNT', amount, currency: 'CZK' });
    expect(() => builder.build()).toThrow(InvalidOperationDataError);
  });
});

describe('operation data parser', () => {
  it('parses the documented payment example', () => {
    expect(parseOperationData('A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill Payment - 05/2019')).toEqual({
      version: 'A',
      templateId: 1,
      fields: {
        1: { type: 'AMOUNT', amount: '100', currency: 'CZK' },
        2: { type: 'ACCOUNT', account: '238400856/0300' },
        4: { type: 'DATE', date: '2019-06-29' },
        5: { type: 'NOTE', text: 'Utility Bill Payment - 05/2019' },
      },
    });
  });

  it('parses a login header, IBAN with BIC and references', () => {
    expect(parseOperationData('A2')).toEqual({ version: 'A', templateId: 2, fields: {} });
    expect(
      parseOperationData('A1*A1492.50EUR*ICZ2730300000001165254011,AIRACZPP*R/VS123456/SS/KS*D20180425').fields,
    ).toEqual({
      1: { type: 'AMOUNT', amount: '1492.50', currency: 'EUR' },
      2: { type: 'IBAN', iban: 'CZ2730300000001165254011', bic: 'AIRACZPP' },
      3: { type: 'REFERENCE', text: '/VS123456/SS/KS' },
      4: { type: 'DATE', date: '2018-04-25' },
    });
  });

  it('undoes the escaping of the formatter (round trip)', () => {
    const text = '***text with asterisks,\\slashes and\nnewlines***';
    const formatted = formatOperationData({ version: 'C', templateId: 3, fields: { 4: { type: 'NOTE', text } } });
    expect(formatted).toBe('C3****N\\*\\*\\*text with asterisks,\\\\slashes and\\nnewlines\\*\\*\\*');
    expect(parseOperationData(formatted).fields[4]).toEqual({ type: 'NOTE', text });
  });

  it('accepts trailing empty fields', () => {
    expect(parseOperationData('A1*A100CZK*ICZ2730300000001165254011***').fields[2]).toEqual({
      type: 'IBAN',
      iban: 'CZ2730300000001165254011',
    });
  });

  it.each([
    ['', 'no header'],
    ['test_data', 'not a header'],
    ['a1', 'lower-case version'],
    ['A100', 'three-digit template'],
    ['A1*A100CZK*Q1*D20190101*Nx*Ty*Tz', 'six fields'],
    ['A1*A0CZK', 'zero amount'],
    ['A1*A0.0099CZK', 'three decimals'],
    ['A1*A100czk', 'lower-case currency'],
    ['A1*A1,5CZK', 'comma decimal'],
    ['A1*D20190230', 'impossible date'],
    ['A1*D2019063', 'short date'],
    ['A1*Icz27', 'bad IBAN'],
    ['A1*Xfoo', 'unknown field type'],
    ['A1*Nbad\\escape', 'unknown escape'],
    ['A1*Nline\nbreak', 'raw control character'],
    ['A1*Q', 'empty account'],
  ])('rejects %j (%s)', (data) => {
    expect(() => parseOperationData(data)).toThrow(InvalidOperationDataError);
  });
});
