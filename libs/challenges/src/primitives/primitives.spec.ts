import { hotp } from './hotp';
import { ocra, parseOcraSuite } from './ocra';
import { generateTotpSecret, totp, totpUri, verifyTotp } from './totp';

const ascii = (s: string) => new Uint8Array(Buffer.from(s, 'ascii'));
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

describe('HOTP (RFC 4226 Appendix D)', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(expected.map((code, counter) => [counter, code]))('counter %i → %s', (counter, code) => {
    expect(hotp(ascii('12345678901234567890'), counter as number)).toBe(code);
  });
});

describe('TOTP (RFC 6238 Appendix B)', () => {
  const seeds = {
    sha1: ascii('12345678901234567890'),
    sha256: ascii('12345678901234567890123456789012'),
    sha512: ascii('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const table: Array<[number, string, string, string]> = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  it.each(table)('T=%i', (seconds, sha1, sha256, sha512) => {
    const now = new Date(seconds * 1000);
    expect(totp(seeds.sha1, now, { digits: 8 })).toBe(sha1);
    expect(totp(seeds.sha256, now, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(seeds.sha512, now, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });

  it('accepts the neighbouring steps within the window and returns the matched step', () => {
    const now = new Date(1111111109 * 1000);
    const step = Math.floor(1111111109 / 30);
    expect(verifyTotp(seeds.sha1, '07081804', now, { digits: 8 })).toBe(step);
    expect(verifyTotp(seeds.sha1, '07081804', new Date(now.getTime() + 30_000), { digits: 8 })).toBe(step);
    expect(verifyTotp(seeds.sha1, '07081804', new Date(now.getTime() + 61_000), { digits: 8 })).toBeNull();
    expect(verifyTotp(seeds.sha1, '07081804', new Date(now.getTime() + 30_000), { digits: 8, window: 0 })).toBeNull();
  });

  it('refuses the step already used and earlier ones (no replay)', () => {
    const now = new Date(1111111109 * 1000);
    const step = verifyTotp(seeds.sha1, '07081804', now, { digits: 8 });
    expect(verifyTotp(seeds.sha1, '07081804', now, { digits: 8, afterStep: step })).toBeNull();
    expect(verifyTotp(seeds.sha1, '07081804', now, { digits: 8, afterStep: step! - 1 })).toBe(step);
  });

  it('refuses malformed codes without throwing', () => {
    const now = new Date(59_000);
    for (const code of ['', '9428708', '942870821', 'abcdefgh', ' 4287082']) {
      expect(verifyTotp(seeds.sha1, code, now, { digits: 8 })).toBeNull();
    }
  });

  it('generates Base32 secrets of 20 bytes and an otpauth URI', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
    const code = totp(secret, new Date());
    expect(verifyTotp(secret, code, new Date())).not.toBeNull();
    const uri = totpUri({ issuer: 'Bank', label: 'alice', secret });
    expect(uri).toMatch(/^otpauth:\/\/totp\/Bank:alice\?/);
    expect(uri).toContain(`secret=${secret}`);
  });
});

describe('OCRA (RFC 6287 Appendix C)', () => {
  const key20 = hex('3132333435363738393031323334353637383930');
  const key32 = hex('3132333435363738393031323334353637383930313233343536373839303132');
  const key64 = hex(
    '31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334',
  );
  const PIN_SHA1 = '7110eda4d09e062aa5e4a390b0a572ac0d2c0220';
  const digits = (d: number) => String(d).repeat(8);

  it('C.1 OCRA-1:HOTP-SHA1-6:QN08', () => {
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
    expect(expected.map((_, i) => ocra('OCRA-1:HOTP-SHA1-6:QN08', key20, { question: digits(i) }))).toEqual(expected);
  });

  it('C.1 OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', () => {
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
    const answers = expected.map((_, counter) =>
      ocra('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', key32, { question: '12345678', counter, password: '1234' }),
    );
    expect(answers).toEqual(expected);
    expect(
      ocra('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', key32, { question: '12345678', counter: 0, passwordHash: PIN_SHA1 }),
    ).toBe('65347737');
  });

  it('C.1 OCRA-1:HOTP-SHA256-8:QN08-PSHA1', () => {
    const expected = ['83238735', '01501458', '17957585', '86776967', '86807031'];
    const answers = expected.map((_, i) =>
      ocra('OCRA-1:HOTP-SHA256-8:QN08-PSHA1', key32, { question: digits(i), passwordHash: PIN_SHA1 }),
    );
    expect(answers).toEqual(expected);
  });

  it('C.1 OCRA-1:HOTP-SHA512-8:C-QN08', () => {
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
    const answers = expected.map((_, i) =>
      ocra('OCRA-1:HOTP-SHA512-8:C-QN08', key64, { question: digits(i), counter: i }),
    );
    expect(answers).toEqual(expected);
  });

  it('C.1 OCRA-1:HOTP-SHA512-8:QN08-T1M', () => {
    const expected = ['95209754', '55907591', '22048402', '24218844', '36209546'];
    const steps = 0x132d0b6;
    expect(
      expected.map((_, i) => ocra('OCRA-1:HOTP-SHA512-8:QN08-T1M', key64, { question: digits(i), time: steps })),
    ).toEqual(expected);
    // the same step from a time: 0x132d0b6 minutes after the epoch
    expect(
      ocra('OCRA-1:HOTP-SHA512-8:QN08-T1M', key64, { question: digits(0), time: new Date(steps * 60_000 + 59_000) }),
    ).toBe('95209754');
  });

  it('C.2 mutual challenge-response (QA08, server and client)', () => {
    const server = ['CLI22220SRV11110', 'CLI22221SRV11111', 'CLI22222SRV11112', 'CLI22223SRV11113', 'CLI22224SRV11114'];
    expect(server.map((question) => ocra('OCRA-1:HOTP-SHA256-8:QA08', key32, { question, mutual: true }))).toEqual([
      '28247970',
      '01984843',
      '65387857',
      '03351211',
      '83412541',
    ]);
    const client = ['SRV11110CLI22220', 'SRV11111CLI22221', 'SRV11112CLI22222', 'SRV11113CLI22223', 'SRV11114CLI22224'];
    expect(client.map((question) => ocra('OCRA-1:HOTP-SHA256-8:QA08', key32, { question, mutual: true }))).toEqual([
      '15510767',
      '90175646',
      '33777207',
      '95285278',
      '28934924',
    ]);
  });

  it('C.3 plain signature (QA08, QA10-T1M)', () => {
    const questions = ['SIG10000', 'SIG11000', 'SIG12000', 'SIG13000', 'SIG14000'];
    expect(questions.map((question) => ocra('OCRA-1:HOTP-SHA256-8:QA08', key32, { question }))).toEqual([
      '53095496',
      '04110475',
      '31331128',
      '76028668',
      '46554205',
    ]);
    const timed = ['SIG1000000', 'SIG1100000', 'SIG1200000', 'SIG1300000', 'SIG1400000'];
    expect(
      timed.map((question) => ocra('OCRA-1:HOTP-SHA512-8:QA10-T1M', key64, { question, time: 0x132d0b6 })),
    ).toEqual(['77537423', '31970405', '10235557', '95213541', '65360607']);
  });

  it('parses suites and refuses malformed ones and inputs that do not fit', () => {
    expect(parseOcraSuite('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1-S064-T1H')).toMatchObject({
      hash: 'sha256',
      digits: 8,
      counter: true,
      question: { format: 'N', maxLength: 8 },
      password: 'sha1',
      sessionLength: 64,
      timeStep: 3600,
    });
    for (const bad of [
      'OCRA-2:HOTP-SHA1-6:QN08',
      'OCRA-1:HOTP-MD5-6:QN08',
      'OCRA-1:HOTP-SHA1-3:QN08',
      'OCRA-1:HOTP-SHA1-6:C',
    ]) {
      expect(() => parseOcraSuite(bad)).toThrow(/OCRA suite/);
    }
    expect(() => ocra('OCRA-1:HOTP-SHA1-6:QN08', key20, { question: '123456789' })).toThrow(/question/);
    expect(() => ocra('OCRA-1:HOTP-SHA1-6:QN08', key20, { question: '12ab5678' })).toThrow(/digits/);
    expect(() => ocra('OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1', key32, { question: '12345678' })).toThrow(/counter/);
  });
});
