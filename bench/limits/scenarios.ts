import { randomUUID } from 'node:crypto';
import { Connection, Latencies, expectStatus } from './http-client';
import { SmsSink } from './sms-sink';

/** The calls of the benchmark, as a bank's back end makes them (README worked examples). */

export const STATUS_PATH = '/next-step/api/service/status';

const PAYMENT = {
  operationName: 'authorize_payment',
  operationData: 'A1*A100CZK*Q238400856/0300**D20190629*NUtility Bill',
  formData: {
    title: { id: 'operation.title', message: 'Confirm Payment' },
    greeting: { id: 'operation.greeting', message: null },
    summary: { id: 'operation.summary', message: null },
    parameters: [
      { type: 'AMOUNT', id: 'operation.amount', amount: 100, currency: 'CZK', currencyId: 'operation.currency' },
      { type: 'KEY_VALUE', id: 'operation.account', valueFormatType: 'ACCOUNT', value: '238400856/0300' },
    ],
  },
};

const result = (body: { responseObject?: { result?: string } }) => body.responseObject?.result;

function expectResult(body: { responseObject?: { result?: string } }, expected: string, what: string): void {
  if (result(body) !== expected) throw new Error(`${what}: result ${result(body)}, expected ${expected}`);
}

/**
 * One Next Step payment: create → USERNAME_PASSWORD_AUTH → SMS_KEY → CONSENT → detail.
 * `mark` (when given) runs before each call: the general-log capture splits statements there.
 */
export async function paymentFlow(
  http: Connection,
  operationId: string,
  userId: string,
  latencies?: Latencies,
  mark?: (call: string) => Promise<void>,
): Promise<void> {
  const call = async (name: string, method: string, path: string, requestObject: unknown) => {
    await mark?.(name);
    const send = () => http.request(method, `/next-step${path}`, { requestObject });
    return expectStatus(await (latencies ? latencies.time(name, send) : send()), 200, name);
  };
  const step = (authMethod: string, extra: Record<string, unknown> = {}) =>
    call(authMethod, 'PUT', '/operation', {
      operationId,
      authMethod,
      authStepResult: 'CONFIRMED',
      params: [],
      ...extra,
    });
  expectResult(await call('create', 'POST', '/operation', { ...PAYMENT, operationId }), 'CONTINUE', 'create');
  expectResult(await step('USERNAME_PASSWORD_AUTH', { userId }), 'CONTINUE', 'password');
  expectResult(await step('SMS_KEY'), 'CONTINUE', 'SMS_KEY');
  expectResult(await step('CONSENT'), 'DONE', 'CONSENT');
  expectResult(await call('detail', 'POST', '/operation/detail', { operationId }), 'DONE', 'detail');
}

export async function detail(http: Connection, operationId: string): Promise<void> {
  const body = expectStatus(
    await http.request('POST', '/next-step/operation/detail', { requestObject: { operationId } }),
    200,
    'detail',
  );
  expectResult(body, 'DONE', 'detail');
}

export interface BenchUser {
  userId: string;
  username: string;
  password: string;
  phoneNumber: string;
}

/** Creates a directory user with a phone number (argon2id hash of its password). */
export async function createUser(http: Connection, n: number, run: string): Promise<BenchUser> {
  const username = `bench-${run}-${n}`;
  const password = `pw-${randomUUID()}`;
  const phoneNumber = `+42077${String(1_000_000 + n).slice(-7)}`;
  const body = expectStatus(
    await http.request('POST', '/admin/users', {
      username,
      password,
      givenName: 'Bench',
      familyName: `User ${n}`,
      organizationId: 'RETAIL',
      phoneNumber,
      email: `bench${n}@example.com`,
      language: 'en',
    }),
    201,
    'create user',
  );
  return { userId: body.userId, username, password, phoneNumber };
}

function context(operationId: string) {
  return {
    id: operationId,
    name: 'authorize_payment',
    formData: {
      parameters: [
        { type: 'AMOUNT', id: 'operation.amount', amount: 100, currency: 'CZK' },
        { type: 'KEY_VALUE', id: 'operation.account', value: '238400856/0300' },
      ],
    },
  };
}

/** Data Adapter password check (argon2id verify), as Web Flow makes it at login. */
export async function passwordCheck(http: Connection, user: BenchUser): Promise<void> {
  const body = expectStatus(
    await http.request('POST', '/data-adapter/api/auth/user/authenticate', {
      requestObject: {
        userId: user.userId,
        organizationId: 'RETAIL',
        password: user.password,
        authenticationContext: { passwordProtection: 'NO_PROTECTION', cipherTransformation: '' },
        operationContext: context(randomUUID()),
      },
    }),
    200,
    'authenticate',
  );
  if (body.responseObject?.authenticationResult !== 'SUCCEEDED') {
    throw new Error(`authenticate: ${JSON.stringify(body.responseObject)}`);
  }
}

/** Data Adapter SMS round trip: create (the code reaches the gateway) and verify it. */
export async function smsRoundTrip(
  http: Connection,
  user: BenchUser,
  sink: SmsSink,
  latencies: Latencies,
): Promise<void> {
  const operationContext = context(randomUUID());
  const who = { userId: user.userId, organizationId: 'RETAIL', accountStatus: 'ACTIVE' };
  const sms = sink.next(user.phoneNumber);
  sms.catch(() => undefined); // awaited below unless the create already failed
  const created = expectStatus(
    await latencies.time('sms create', () =>
      http.request('POST', '/data-adapter/api/auth/sms/create', {
        requestObject: { ...who, lang: 'en', operationContext },
      }),
    ),
    200,
    'sms create',
  );
  if (created.responseObject?.smsDeliveryResult !== 'SUCCEEDED') {
    throw new Error(`sms create: ${JSON.stringify(created.responseObject)}`);
  }
  const code = await sms;
  const verified = expectStatus(
    await latencies.time('sms verify', () =>
      http.request('POST', '/data-adapter/api/auth/sms/verify', {
        requestObject: {
          ...who,
          messageId: created.responseObject.messageId,
          authorizationCode: code,
          operationContext,
        },
      }),
    ),
    200,
    'sms verify',
  );
  if (verified.responseObject?.smsAuthorizationResult !== 'SUCCEEDED') {
    throw new Error(`sms verify: ${JSON.stringify(verified.responseObject)}`);
  }
}
