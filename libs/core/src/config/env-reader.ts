import { ConfigError } from './config-error';

export type Env = Readonly<Record<string, string | undefined>>;

/** Injection token for the environment snapshot the process started with. */
export const ENV = Symbol('ENV');

/**
 * Typed, validated reads of environment settings. Every lib's config factory reads through
 * this class, so a wrong value fails at start with one line naming the setting.
 */
export class EnvReader {
  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string): string {
    const value = this.optionalString(name) ?? fallback;
    if (value === undefined) throw new ConfigError(name, 'is required');
    return value;
  }

  optionalString(name: string): string | undefined {
    const raw = this.env[name];
    if (raw === undefined) return undefined;
    const value = raw.trim();
    return value === '' ? undefined : value;
  }

  int(name: string, fallback: number, bounds: { min?: number; max?: number } = {}): number {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
    const value = Number(raw);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
    if (value < min || value > max) {
      throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.optionalString(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    throw new ConfigError(name, `must be true or false, got "${raw}"`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optionalString(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  }

  /** A URL whose scheme is one of `schemes`; credentials in it are never echoed back. */
  optionalUrl(name: string, schemes: readonly string[]): URL | undefined {
    const raw = this.optionalString(name);
    if (raw === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ConfigError(name, 'is not a valid URL');
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (!schemes.includes(scheme)) {
      throw new ConfigError(name, `must use ${schemes.join(' or ')}, got ${scheme}:`);
    }
    return url;
  }

  /** A Base64 key of one of the given byte lengths. */
  optionalBase64Key(name: string, lengths: readonly number[]): Buffer | undefined {
    const raw = this.optionalString(name);
    if (raw === undefined) return undefined;
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
    if (!lengths.includes(key.length)) {
      throw new ConfigError(name, `must be Base64 of ${lengths.join(', ')} bytes`);
    }
    return key;
  }

  /** A comma-separated list of Base64 keys (empty when unset). */
  optionalBase64Keys(name: string, lengths: readonly number[]): Buffer[] {
    const raw = this.optionalString(name);
    if (raw === undefined) return [];
    return raw.split(',').map((part, i) => {
      const value = part.trim();
      const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
      if (!lengths.includes(key.length)) {
        throw new ConfigError(name, `entry ${i + 1} must be Base64 of ${lengths.join(', ')} bytes`);
      }
      return key;
    });
  }
}
