import { ConfigError } from './config-error';

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'mysql'; url: string; database: string };

/** Parses DATABASE_URL: `mysql://user:pass@host:3306/db`, `sqlite:<path>` or `sqlite::memory:`. */
export function parseDatabaseUrl(raw: string, setting = 'DATABASE_URL'): DatabaseTarget {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length);
    if (path === '') throw new ConfigError(setting, 'needs a file path after sqlite:');
    return { kind: 'sqlite', path };
  }
  if (raw.startsWith('mysql://')) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(setting, 'is not a valid mysql:// URL');
    }
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!url.hostname) throw new ConfigError(setting, 'needs a host');
    if (!/^[A-Za-z0-9_$]{1,64}$/.test(database)) {
      throw new ConfigError(setting, 'needs a database name (letters, digits, _ or $)');
    }
    return { kind: 'mysql', url: raw, database };
  }
  throw new ConfigError(setting, 'must start with mysql:// or sqlite:');
}
