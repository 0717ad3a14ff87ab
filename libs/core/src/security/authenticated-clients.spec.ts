import { AuthenticatedClients } from './authenticated-clients';

const principal = { clientId: 'c', scopes: ['next-step' as const] };

describe('recent API-client authentications', () => {
  it('shares one check among concurrent callers with the same credentials only', async () => {
    const recent = new AuthenticatedClients();
    let checks = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const check = async (remember: (p: typeof principal) => void) => {
      checks++;
      await gate;
      remember(principal);
      return principal;
    };
    const same = [recent.once('h1', check), recent.once('h1', check)];
    const other = recent.once('h2', check);
    release();
    expect(await Promise.all([...same, other])).toEqual([principal, principal, principal]);
    expect(checks).toBe(2);
    expect(recent.get('h1')).toEqual(principal);
  });

  it('never remembers a check that began before the clients changed, and shares no failure later', async () => {
    const recent = new AuthenticatedClients();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const before = recent.once('h', async (remember) => {
      await gate;
      remember(principal);
      return principal;
    });
    recent.clear();
    const after = recent.once('h', async () => null); // not joined to the check from before the change
    release();
    expect(await before).toEqual(principal);
    expect(await after).toBeNull();
    expect(recent.get('h')).toBeUndefined();
    await expect(
      recent.once('h', async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await recent.once('h', async () => null)).toBeNull(); // a failed check is not kept either
  });
});
