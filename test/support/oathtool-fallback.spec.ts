import { base32Decode, main, totp } from './oathtool-fallback';

/** The README's oathtool stand-in (readme-prelude.sh) against RFC 6238 Appendix B (SHA-1). */
describe('oathtool fallback', () => {
  const key = Buffer.from('12345678901234567890', 'ascii');

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('TOTP at T=%i is %s (8 digits)', (seconds, expected) => {
    expect(totp(key, seconds, 8)).toBe(expected);
  });

  it('reads the key as Base32 and prints 6 digits, as oathtool --totp -b does', () => {
    // Base32 of the RFC key; 6 digits are the last six of the 8-digit vector.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(base32Decode(secret)).toEqual(key);
    expect(main(['--totp', '-b', secret], 59)).toBe('287082');
    expect(main(['--totp', '-b', '-N', 'now + 30 seconds', secret], 1111111079)).toBe('081804');
    expect(main(['--totp', '-b', secret.toLowerCase()], 1234567890)).toBe('005924');
  });

  it('refuses flags it does not implement instead of printing a wrong code', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(() => main(['--totp', '-b', '--digits=8', secret], 59)).toThrow(/unsupported option/);
    expect(() => main(['--totp', secret], 59)).toThrow(/usage/);
    expect(() => main(['--totp', '-b', '-N', 'tomorrow', secret], 59)).toThrow(/--now/);
  });
});
