import { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { parseBasicAuthorization } from './basic-credentials';

const header = (raw: string, scheme = 'Basic') => `${scheme} ${Buffer.from(raw).toString('base64')}`;

describe('HTTP Basic per RFC 7617', () => {
  it('splits at the first colon: the password keeps its colons', () => {
    expect(parseBasicAuthorization(header('id:secret:xyz'))).toEqual({ userId: 'id', password: 'secret:xyz' });
    expect(parseBasicAuthorization(header('id:'))).toEqual({ userId: 'id', password: '' });
    expect(parseBasicAuthorization(header('no-colon'))).toBeNull();
  });

  it('matches the scheme exactly, in any case, never as a substring', () => {
    expect(parseBasicAuthorization(header('id:pw', 'basic'))).toEqual({ userId: 'id', password: 'pw' });
    expect(parseBasicAuthorization(header('id:pw', 'BASIC'))).not.toBeNull();
    for (const scheme of ['XBasicX', 'XBasic', 'BasicX', 'Bearer']) {
      expect(parseBasicAuthorization(header('id:pw', scheme))).toBeNull();
    }
    expect(parseBasicAuthorization('Basic')).toBeNull();
    expect(parseBasicAuthorization('Basic !!!!')).toBeNull();
    expect(parseBasicAuthorization(undefined)).toBeNull();
  });

  it('refuses a bootstrap secret the header cannot carry', () => {
    const env = { BOOTSTRAP_CLIENT_ID: 'bootstrap', BOOTSTRAP_CLIENT_SECRET: 'sixteen-chars-ok\u0007x' };
    expect(() => new AppConfig(env)).toThrow(ConfigError);
    expect(new AppConfig({ ...env, BOOTSTRAP_CLIENT_SECRET: 'with:colons:inside-it' }).bootstrapClient).toBeTruthy();
  });
});
