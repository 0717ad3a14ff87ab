import { ConfigError } from '@app/core';
import { ChallengesConfig } from './challenges.config';

describe('ChallengesConfig', () => {
  it('defaults to 10 codes per user and per recipient an hour, rows kept a day', () => {
    expect(new ChallengesConfig({})).toEqual({
      maxPerUserPerHour: 10,
      maxPerRecipientPerHour: 10,
      retentionSeconds: 86_400,
    });
  });

  it('reads the settings, and the retention under its earlier name', () => {
    expect(
      new ChallengesConfig({
        CHALLENGE_MAX_PER_USER_PER_HOUR: '20',
        CHALLENGE_MAX_PER_RECIPIENT_PER_HOUR: '5',
        OTP_SMS_RETENTION_SECONDS: '7200',
      }),
    ).toEqual({ maxPerUserPerHour: 20, maxPerRecipientPerHour: 5, retentionSeconds: 7200 });
    expect(
      new ChallengesConfig({ OTP_SMS_RETENTION_SECONDS: '7200', CHALLENGE_RETENTION_SECONDS: '3600' }).retentionSeconds,
    ).toBe(3600);
  });

  it.each([
    ['CHALLENGE_MAX_PER_USER_PER_HOUR', '0'],
    ['CHALLENGE_MAX_PER_RECIPIENT_PER_HOUR', 'ten'],
    ['CHALLENGE_RETENTION_SECONDS', '60'],
  ])('refuses %s=%s with a one-line error naming it', (name, value) => {
    expect(() => new ChallengesConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => new ChallengesConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
