import { referenceOcra } from './ocra-reference';

// RFC 6287 Appendix C: the seeds and the expected values.
const KEY20 = Buffer.from('3132333435363738393031323334353637383930', 'hex');
const KEY32 = Buffer.from('3132333435363738393031323334353637383930313233343536373839303132', 'hex');
const KEY64 = Buffer.from(
  '31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334',
  'hex',
);
const Q = (d: number) => String(d).repeat(8);

describe('the tests’ reference OCRA against RFC 6287 Appendix C', () => {
  it('OCRA-1:HOTP-SHA1-6:QN08', () => {
    const expected = [
      '237653',
      '243178',
      '653583',
      '740991',
      '608993',
      '388898',
      '816933',
      '224598',
      '750600',
      '294470',
    ];
    expect(expected.map((_, d) => referenceOcra('OCRA-1:HOTP-SHA1-6:QN08', KEY20, { question: Q(d) }))).toEqual(
      expected,
    );
  });

  it('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', () => {
    const expected = [
      '65347737',
      '86775851',
      '78192410',
      '71565254',
      '10104329',
      '65983500',
      '70069104',
      '91771096',
      '75011558',
      '08522129',
    ];
    const values = expected.map((_, c) =>
      referenceOcra('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', KEY32, { counter: c, question: '12345678', pin: '1234' }),
    );
    expect(values).toEqual(expected);
  });

  it('OCRA-1:HOTP-SHA256-8:QN08-PSHA1', () => {
    const expected = ['83238735', '01501458', '17957585', '86776967', '86807031'];
    const values = expected.map((_, d) =>
      referenceOcra('OCRA-1:HOTP-SHA256-8:QN08-PSHA1', KEY32, { question: Q(d), pin: '1234' }),
    );
    expect(values).toEqual(expected);
  });

  it('OCRA-1:HOTP-SHA512-8:C-QN08', () => {
    const expected = [
      '07016083',
      '63947962',
      '70123924',
      '25341727',
      '33203315',
      '34205738',
      '44343969',
      '51946085',
      '20403879',
      '31409299',
    ];
    const values = expected.map((_, c) =>
      referenceOcra('OCRA-1:HOTP-SHA512-8:C-QN08', KEY64, { counter: c, question: Q(c) }),
    );
    expect(values).toEqual(expected);
  });

  it('OCRA-1:HOTP-SHA512-8:QN08-T1M', () => {
    const expected = ['95209754', '55907591', '22048402', '24218844', '36209546'];
    const values = expected.map((_, d) =>
      referenceOcra('OCRA-1:HOTP-SHA512-8:QN08-T1M', KEY64, { question: Q(d), timeSteps: 0x132d0b6 }),
    );
    expect(values).toEqual(expected);
  });
});
