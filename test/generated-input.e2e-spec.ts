import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { DeviceSimulator } from './support/device-simulator';
import { TaClient } from './support/transaction-approval-client';
import { bearer, createBackOfficeUser, createRole, login } from './support/twofactor-client';

/**
 * Generated input over every route of the committed openapi.json (issue 11 §19): seeded
 * fast-check requests per API family, valid-looking bodies from the schemas mixed with hostile
 * values (nulls, wrong types, huge numbers, long or odd strings, deep nesting). No answer may be
 * a 5xx, and every answer speaks its family's dialect. Runs on SQLite and, with
 * TEST_DATABASE_URL, on MariaDB. FUZZ_RUNS (requests per family) and FUZZ_SEED reproduce a run.
 */
type Schema = {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  example?: unknown;
};
interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const document = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8')) as Document;

const hostile = fc.oneof(
  fc.constantFrom(null, '', ' ', 'x'.repeat(300), '\u0000', 'ÿ%zz', 'CaseU', '1/2 (REFUND)', '../../etc'),
  fc.constantFrom(-1, 0, 1e308, 99999999999, 1.5, Number.MAX_SAFE_INTEGER, true, false),
  fc.constantFrom([], {}, [[[[[[]]]]]], { a: { b: { c: null } } }),
);

function resolve(schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) {
    return schema.allOf
      .map(resolve)
      .reduce<Schema>((all, s) => ({ ...all, ...s, properties: { ...all.properties, ...s.properties } }), {});
  }
  return schema;
}

/** A value that mostly follows the schema, sometimes not at all. */
function valueOf(raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const typed = ((): fc.Arbitrary<unknown> => {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s) => valueOf(s, depth + 1)));
    switch (schema.type) {
      case 'string':
        return fc.oneof(
          fc.string({ maxLength: 24 }),
          fc.stringMatching(/^[A-Za-z0-9._-]{1,24}$/),
          ...(schema.example !== undefined ? [fc.constant(schema.example)] : []),
        );
      case 'integer':
        return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.integer());
      case 'number':
        return fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ noNaN: true }));
      case 'boolean':
        return fc.boolean();
      case 'array':
        return depth > 4 ? fc.constant([]) : fc.array(valueOf(schema.items, depth + 1), { maxLength: 3 });
      default: {
        const properties = Object.entries(schema.properties ?? {});
        if (properties.length === 0 || depth > 4) {
          const any = fc.dictionary(fc.string({ maxLength: 8 }), hostile);
          return schema.example !== undefined ? fc.oneof(any, fc.constant(schema.example)) : any;
        }
        return fc.record(Object.fromEntries(properties.map(([k, s]) => [k, valueOf(s, depth + 1)])), {
          requiredKeys: [],
        });
      }
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: hostile });
}

const pathValue = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(101), '%zz', 'CaseU', 'authorize_payment', 'SMS_KEY') },
);

interface GeneratedRequest {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  url: string;
  body: unknown;
  /** The session token a transaction-approval request carries: the newest, a new one's, none or junk. */
  session: 'live' | 'fresh' | 'none' | 'junk';
}

function requestsOf(paths: Array<[string, string, Operation]>): fc.Arbitrary<GeneratedRequest> {
  return fc.oneof(
    ...paths.map(([path, method, operation]) => {
      const params = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      const body = operation.requestBody?.content?.['application/json']?.schema;
      return fc
        .record({
          path: fc.tuple(...params.map(() => pathValue), fc.constant(null)),
          query: fc.record(Object.fromEntries(query.map((q) => [q.name, valueOf(q.schema)])), { requiredKeys: [] }),
          body: body ? valueOf(body) : fc.constant(undefined),
          session: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom('live', 'fresh') },
            { weight: 1, arbitrary: fc.constantFrom('none', 'junk') },
          ) as fc.Arbitrary<GeneratedRequest['session']>,
        })
        .map(({ path: values, query: q, body: b, session }) => {
          let url = path;
          params.forEach((name, i) => (url = url.replace(`{${name}}`, String(values[i]))));
          const search = new URLSearchParams(
            Object.entries(q).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : String(JSON.stringify(v)),
            ]),
          ).toString();
          const at = search ? `${url}?${search}` : url;
          return { method: method as GeneratedRequest['method'], url: at, body: b, session };
        });
    }),
  );
}

/** The answer speaks the dialect of its family. */
const DIALECTS: Record<string, (status: number, body: any) => boolean> = {
  'next-step': (status, body) =>
    status < 400 ? body?.status === 'OK' : body?.status === 'ERROR' && typeof body.responseObject?.code === 'string',
  'data-adapter': (status, body) =>
    status < 400 ? body?.status === 'OK' : body?.status === 'ERROR' && typeof body.responseObject?.code === 'string',
  admin: (status, body) =>
    status < 400 ||
    (body?.statusCode === status && typeof body.code === 'string' && typeof body.requestId === 'string'),
  'auth-transaction-approval': (status, body) => status < 400 || typeof body?.errors?.[0]?.code === 'string',
  device: (status, body) => status < 400 || typeof body?.code === 'string',
  v1: (status, body) =>
    status < 400 || (body?.httpStatusCode === String(status) && typeof body.userMessageGlobalisationCode === 'string'),
};

describe('generated input over openapi.json', () => {
  let t: TestApp;
  /** The headers a family's requests carry: the admin's, or the TA client's and a session token, or a device's. */
  let headersOf: Record<string, (r: GeneratedRequest) => Promise<Record<string, string>>>;
  /** The newest session token the TA family was given (each successful step renews it). */
  let live: string | undefined;

  beforeAll(async () => {
    t = await startApiServer();
    const adminHeaders = async () => ({ Authorization: t.adminAuth() });
    // A user with an active device, so sessions reach every step of the seeded flows.
    const user = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        username: 'fuzz',
        password: 'a-long-password-1',
        givenName: 'Fuzz',
        familyName: 'Tester',
        organizationId: 'RETAIL',
        language: 'en',
        email: 'fuzz@example.com',
        phoneNumber: '+420777000111',
      })
      .expect(201);
    const enrolment = await t.http
      .post(`/admin/users/${user.body.userId}/devices`)
      .set('Authorization', t.adminAuth())
      .send({ displayName: 'fuzz phone' })
      .expect(201);
    const device = await DeviceSimulator.create(t.http);
    await device.activate(enrolment.body.activationCode);
    const client = await t.createClient(['transaction-approval']);
    const ta = new TaClient(t, t.basic(client.clientId, client.secret));
    const flows = ['emailotp-ta-flow', 'mtan-ta-flow', 'my-flow-1'];
    let opened = 0;
    const taHeaders = async (r: GeneratedRequest) => {
      if (r.session === 'fresh' || (r.session === 'live' && !live)) {
        const session = await ta.select(flows[opened++ % flows.length]);
        await ta.step(session, 'user/identify', { username: 'fuzz' });
        live = session.token;
      }
      const token = { live, fresh: live, none: undefined, junk: 'x'.repeat(43) }[r.session];
      return { Authorization: ta.auth, ...(token ? { 'X-Session-ID': token } : {}) };
    };
    // /v1: a back-office user holding every permission (BYPASS_TWOFACTOR too, so the MFA routes'
    // own code is reached), and an API client for the bank services' two routes.
    const role = await createRole(t, [
      'REQUEST_OTP',
      'REQUEST_TOKEN_MFA',
      'BYPASS_TWOFACTOR',
      'EXTENDED_TOKEN',
      'TWOFACTOR_CONFIG',
      'MANAGE_OTP_PROTECTED_OPERATION',
    ]);
    const clerk = await createBackOfficeUser(t, [role]);
    const accessToken = await login(t, clerk);
    const service = await t.createClient(['two-factor']);
    const v1Headers = async (r: GeneratedRequest) =>
      /\/v1\/(twofactor\/introspect|otpProtectedOperation\/evaluate)\b/.test(r.url)
        ? { Authorization: t.basic(service.clientId, service.secret) }
        : { Authorization: bearer(accessToken) };
    headersOf = {
      v1: v1Headers,
      'auth-transaction-approval': taHeaders,
      device: async () => ({ Authorization: `Bearer ${device.token}` }),
    };
    for (const family of Object.keys(DIALECTS)) headersOf[family] ??= adminHeaders;
  });
  afterAll(() => t.close());

  const families = Object.keys(DIALECTS);
  it.each(families)(
    '%s: no 5xx, answers in the dialect',
    async (family) => {
      const paths = Object.entries(document.paths).flatMap(([path, operations]) =>
        path.startsWith(`/${family}/`)
          ? Object.entries(operations).map(
              ([method, operation]) => [path, method, operation] as [string, string, Operation],
            )
          : [],
      );
      expect(paths.length).toBeGreaterThanOrEqual(3);
      const requests = fc.sample(requestsOf(paths), { seed: SEED + family.length, numRuns: RUNS });
      const failures: string[] = [];
      for (const r of requests) {
        let call = t.http[r.method](r.url).set(await headersOf[family](r));
        if (r.body !== undefined) call = call.set('Content-Type', 'application/json').send(JSON.stringify(r.body));
        const res = await call;
        const body: unknown = res.body;
        const renewed = res.headers['x-session-id'];
        if (typeof renewed === 'string') live = renewed;
        if (res.status >= 500 || !DIALECTS[family](res.status, body)) {
          failures.push(
            `${r.method.toUpperCase()} ${r.url} ${JSON.stringify(r.body)?.slice(0, 300)} → ${res.status} ${res.text.slice(0, 200)}`,
          );
        }
      }
      expect(failures.slice(0, 10)).toEqual([]);
    },
    180_000,
  ); // under a full parallel suite a family takes far longer than alone
});
