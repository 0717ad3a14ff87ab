import * as argon2 from 'argon2';
import { PasswordHasher, Slots } from './password-hasher';
import { UsersConfig } from './users.config';

describe('PasswordHasher', () => {
  const hasher = (env: Record<string, string> = {}) => new PasswordHasher(new UsersConfig(env));

  it('hashes with the OWASP argon2id parameters by default', async () => {
    const hash = await hasher().hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher().matches(hash, 'correct horse battery')).toBe(true);
    expect(await hasher().matches(hash, 'wrong')).toBe(false);
  });

  it('takes its parameters from the settings and still verifies hashes made with others', async () => {
    const custom = hasher({ PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_TIME_COST: '3' });
    expect(await custom.hash('pw-12345678')).toMatch(/\$m=8192,p=1,t=3\$/);
    const old = await argon2.hash('pw-12345678', {
      type: argon2.argon2id,
      memoryCost: 65536,
      timeCost: 3,
      parallelism: 4,
    });
    expect(await custom.matches(old, 'pw-12345678')).toBe(true);
    expect(await custom.matches(old, 'pw-other')).toBe(false);
  });

  it('rejects parameters below the floor', () => {
    expect(() => new UsersConfig({ PASSWORD_HASH_MEMORY_KIB: '1024' })).toThrow(/PASSWORD_HASH_MEMORY_KIB/);
    expect(() => new UsersConfig({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
  });

  it('runs at most `size` works at once (PASSWORD_HASH_CONCURRENCY), every one of them', async () => {
    const slots = new Slots(2);
    let active = 0;
    let peak = 0;
    const work = async (n: number) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      if (n === 3) throw new Error('a failing work frees its slot');
      return n;
    };
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => slots.inTurn(() => work(n))));
    expect(results.map((r) => r.status === 'fulfilled' && r.value)).toEqual([0, 1, 2, false, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(2);
    expect(await slots.inTurn(async () => 'free again')).toBe('free again');
  });
});
