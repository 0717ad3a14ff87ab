import { TestApp } from '@app/testing';

/** Calls the Next Step API as a `next-step` client, in its envelope. */
export class NextStepClient {
  private constructor(
    private readonly t: TestApp,
    readonly auth: string,
  ) {}

  static async create(t: TestApp): Promise<NextStepClient> {
    const client = await t.createClient(['next-step']);
    return new NextStepClient(t, t.basic(client.clientId, client.secret));
  }

  call(method: 'post' | 'put' | 'delete', path: string, requestObject: unknown) {
    return this.t.http[method](`/next-step${path}`).set('Authorization', this.auth).send({ requestObject });
  }

  post = (path: string, requestObject: unknown) => this.call('post', path, requestObject);

  async create(requestObject: Record<string, unknown>) {
    const res = await this.post('/operation', requestObject);
    if (res.status !== 200) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.responseObject;
  }

  update(operationId: string, authMethod: string, authStepResult: string, extra: Record<string, unknown> = {}) {
    return this.call('put', '/operation', { operationId, authMethod, authStepResult, params: [], ...extra });
  }

  async detail(operationId: string) {
    const res = await this.post('/operation/detail', { operationId });
    if (res.status !== 200) throw new Error(`detail failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.responseObject;
  }
}

export const methods = (steps: Array<{ authMethod: string }>) => steps.map((s) => s.authMethod);
