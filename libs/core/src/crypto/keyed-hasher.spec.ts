import { KeyedHasher } from './keyed-hasher';

describe('KeyedHasher', () => {
  const hasher = new KeyedHasher(Buffer.alloc(32, 7));

  it('verifies the value it hashed and nothing else', () => {
    const stored = hasher.hash('otp', '12345678');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.matches('otp', '12345678', stored)).toBe(true);
    expect(hasher.matches('otp', '12345679', stored)).toBe(false);
  });

  it('separates purposes and keys', () => {
    const stored = hasher.hash('otp', 'value');
    expect(hasher.matches('api-client-secret', 'value', stored)).toBe(false);
    expect(new KeyedHasher(Buffer.alloc(32, 8)).matches('otp', 'value', stored)).toBe(false);
  });

  it('rejects malformed stored hashes instead of throwing', () => {
    expect(hasher.matches('otp', 'value', '')).toBe(false);
    expect(hasher.matches('otp', 'value', 'zz')).toBe(false);
  });
});
