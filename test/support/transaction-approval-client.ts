import type { Response } from 'supertest';
import type { TestApp } from '@app/testing';

export const TA = '/auth-transaction-approval/rest/transaction-approval';

/** A session as the e-banking back end holds it: the newest token it was given. */
export interface TaSessionRef {
  id: string;
  token: string;
}

/**
 * Calls of the transaction-approval API as an API client makes them (HTTP Basic), carrying
 * the session token in X-Session-ID and remembering each renewed one.
 */
export class TaClient {
  constructor(
    private readonly t: TestApp,
    readonly auth: string,
  ) {}

  /** A raw call; `token` goes into X-Session-ID (or `cookie` as TA_SESSION). */
  call(path: string, options: { token?: string; cookie?: string; body?: unknown } = {}) {
    const req = this.t.http.post(`${TA}/${path}`).set('Authorization', this.auth);
    if (options.token) req.set('X-Session-ID', options.token);
    if (options.cookie) req.set('Cookie', `TA_SESSION=${options.cookie}`);
    return options.body === undefined ? req : req.send(options.body as object);
  }

  /** A call of the session's next step; on success the session takes the renewed token. */
  async step(session: TaSessionRef, path: string, body?: unknown): Promise<Response> {
    const res = await this.call(path, { token: session.token, body });
    if (res.status === 200) session.token = tokenOf(res);
    return res;
  }

  async select(flowId: string): Promise<TaSessionRef> {
    const res = await this.call(`flows/${flowId}/select`);
    if (res.status !== 200) throw new Error(`select ${flowId}: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.data.id, token: tokenOf(res) };
  }

  /** select, identify and parameters: a session waiting for its code. */
  async upToCode(
    flowId: string,
    username: string,
    messageParameters = PAYMENT,
  ): Promise<{ session: TaSessionRef; res: Response }> {
    const session = await this.select(flowId);
    await expectOk(await this.step(session, 'user/identify', { username }));
    const res = await this.step(session, 'parameters', { messageParameters });
    return { session, res };
  }
}

export const PAYMENT = { accountNumber: '0123456', amount: '9999', currency: 'CHF' };

export function tokenOf(res: Response): string {
  const token = res.headers['x-session-id'];
  if (typeof token !== 'string') throw new Error(`no X-Session-ID in ${res.status} ${JSON.stringify(res.body)}`);
  return token;
}

export function expectOk(res: Response): Response {
  if (res.status !== 200) throw new Error(`expected 200, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** The JSON:API success document of the seeds, with any id and timestamp. */
export function sessionDocument(id: string | RegExp, attributes: Record<string, unknown>) {
  return {
    meta: {
      type: 'jsonapi.metadata.document',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    },
    data: {
      type: 'transaction-approval.session',
      id: typeof id === 'string' ? id : expect.stringMatching(id),
      attributes,
    },
  };
}

/** The single error of a JSON:API error document. */
export function errorOf(res: Response): {
  status: number;
  code: string;
  meta?: Record<string, unknown>;
  source?: { pointer: string };
} {
  expect(res.body.meta).toEqual({ type: 'jsonapi.metadata.document', timestamp: expect.any(String) });
  return res.body.errors[0];
}
