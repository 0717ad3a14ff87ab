import { UsersConfig } from './users.config';

describe('UsersConfig', () => {
  it('locks after 5 failures for 900 s by default', () => {
    expect(new UsersConfig({})).toMatchObject({ maxFailedAttempts: 5, lockSeconds: 900 });
  });

  it('reads and bounds the settings', () => {
    expect(new UsersConfig({ USER_MAX_FAILED_ATTEMPTS: '3', USER_LOCK_SECONDS: '60' })).toMatchObject({
      maxFailedAttempts: 3,
      lockSeconds: 60,
    });
    expect(() => new UsersConfig({ USER_MAX_FAILED_ATTEMPTS: '0' })).toThrow(/USER_MAX_FAILED_ATTEMPTS/);
    expect(() => new UsersConfig({ USER_LOCK_SECONDS: 'ten' })).toThrow(/USER_LOCK_SECONDS/);
  });
});
