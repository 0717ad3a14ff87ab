import { createHmac } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { TestApp } from '@app/testing';

export const TFA_HEADER = 'Fineract-Platform-TFA-Token';

export interface BackOfficeUser {
  userId: string;
  username: string;
  password: string;
  email: string | null;
  phoneNumber: string | null;
}

let seq = 0;

/** Creates a role with these permissions (unique name) through the admin API. */
export async function createRole(t: TestApp, permissions: string[]): Promise<string> {
  const name = `ROLE_${++seq}_${Date.now() % 100000}`;
  const res = await t.http.post('/admin/roles').set('Authorization', t.adminAuth()).send({ name, permissions });
  if (res.status !== 201) throw new Error(`role: ${res.status} ${JSON.stringify(res.body)}`);
  return name;
}

/** A user of the directory with the given roles (and e-mail / phone unless set to null). */
export async function createBackOfficeUser(
  t: TestApp,
  roles: string[],
  contacts: { email?: string | null; phoneNumber?: string | null } = {},
): Promise<BackOfficeUser> {
  const username = `clerk${++seq}x${Date.now() % 100000}`;
  const password = 'Correct-Horse-42';
  const email = contacts.email === undefined ? `${username}@example.com` : contacts.email;
  const phoneNumber = contacts.phoneNumber === undefined ? '+420777123456' : contacts.phoneNumber;
  const res = await t.http.post('/admin/users').set('Authorization', t.adminAuth()).send({
    username,
    password,
    givenName: 'Jana',
    familyName: 'Novak',
    organizationId: 'DEFAULT',
    email,
    phoneNumber,
  });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
  const assigned = await t.http
    .put(`/admin/users/${res.body.userId}/roles`)
    .set('Authorization', t.adminAuth())
    .send({ roles });
  if (assigned.status !== 200) throw new Error(`roles: ${assigned.status} ${JSON.stringify(assigned.body)}`);
  return { userId: res.body.userId, username, password, email, phoneNumber };
}

/** POST /v1/authentication; the first-factor bearer token. */
export async function login(t: TestApp, user: BackOfficeUser): Promise<string> {
  const res = await t.http.post('/v1/authentication').send({ username: user.username, password: user.password });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

export const bearer = (token: string) => `Bearer ${token}`;

/** The code in a message rendered from the default templates. */
export function codeIn(text: string): string {
  const match = /token is ([0-9A-Z]{6,10})\./.exec(text) ?? / is ([0-9A-Z]{6,10})\.$/m.exec(text);
  if (!match) throw new Error(`no code in: ${text}`);
  return match[1]!;
}

/** The text of an otpauth:// QR code (data:image/png;base64,…), decoded by jsQR. */
export function decodeQr(dataUrl: string): string | null {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

/** RFC 4226/6238 written out with node:crypto: independent of the server's otplib. */
export function referenceTotp(base32Secret: string, at: Date, digits = 6): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32Secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}
