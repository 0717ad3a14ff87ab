/**
 * HTTP Basic credentials per RFC 7617: the scheme `Basic` (case-insensitive, as the whole first
 * token, never a substring such as `XBasicX`), one space, then base64 of `user-id:password`,
 * split at the FIRST colon, so a password may contain colons and a user id may not.
 * (passport-http cut the password at its second colon and matched the scheme as a substring.)
 */
export interface BasicCredentials {
  userId: string;
  password: string;
}

const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

export function parseBasicAuthorization(header: string | undefined): BasicCredentials | null {
  if (typeof header !== 'string') return null;
  const match = BASIC.exec(header);
  if (!match || match[1].length % 4 !== 0) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { userId: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Whether a secret survives the trip through an Authorization header and this parser: what a
 * bootstrap secret must be, or the operator could never authenticate with it.
 */
export function basicPasswordCarries(password: string): boolean {
  // control characters (CR, LF, NUL …) cannot be typed into most clients and break headers
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]/.test(password);
}
