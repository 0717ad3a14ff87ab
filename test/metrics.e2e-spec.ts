import { DeliveryRetryJob } from '@app/delivery';
import { JobLeases } from '@app/core';
import { SmsGatewaySink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { seedContext } from './support/data-adapter-seed';

const OPERATION_ID = '11111111-aaaa-4bbb-8ccc-dddddddddddd';

/** Value of one sample of the exposition text, e.g. sample(text, 'x_total', {a: 'b'}). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const line = text.split('\n').find((candidate) => {
    if (!candidate.startsWith(`${name}{`) && !candidate.startsWith(`${name} `)) return false;
    return Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`));
  });
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('metrics (/metrics, scope metrics)', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let da: string;

  const scrape = async () => {
    const answer = await t.http.get('/metrics').set('Authorization', t.adminAuth());
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return answer.text;
  };
  const smsRequest = (path: string, extra: Record<string, unknown>) =>
    t.http
      .post(`/data-adapter/api/auth/sms/${path}`)
      .set('Authorization', da)
      .send({
        requestObject: {
          userId: 'metrics-user',
          organizationId: 'RETAIL',
          accountStatus: 'ACTIVE',
          operationContext: seedContext(OPERATION_ID),
          ...extra,
        },
      });

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    t = await startApiServer({ env: { SMS_GATEWAY_URL: sms.url } });
    const client = await t.createClient(['data-adapter']);
    da = t.basic(client.clientId, client.secret);
    const user = await t.http.post('/admin/users').set('Authorization', t.adminAuth()).send({
      userId: 'metrics-user',
      username: 'metrics',
      password: 's3cret-password',
      givenName: 'Meta',
      familyName: 'Rix',
      organizationId: 'RETAIL',
      phoneNumber: '+420777123456',
    });
    expect(user.status).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  it('needs an API client with the metrics scope', async () => {
    expect((await t.http.get('/metrics')).status).toBe(401);
    expect((await t.http.get('/metrics').set('Authorization', da)).status).toBe(403);
    const scraper = await t.createClient(['metrics']);
    expect((await t.http.get('/metrics').set('Authorization', t.basic(scraper.clientId, scraper.secret))).status).toBe(
      200,
    );
  });

  it('counts HTTP requests by route pattern and status, with a latency histogram', async () => {
    const before = await scrape();
    const route = { method: 'GET', route: '/admin/users/:userId', status: '404' };
    await t.http.get('/admin/users/nobody-1').set('Authorization', t.adminAuth());
    await t.http.get('/admin/users/nobody-2').set('Authorization', t.adminAuth());
    const after = await scrape();
    expect(
      sample(after, 'stepwise_http_requests_total', route) - sample(before, 'stepwise_http_requests_total', route),
    ).toBe(2);
    expect(sample(after, 'stepwise_http_request_duration_seconds_count', route)).toBeGreaterThanOrEqual(2);
    expect(after).not.toContain('nobody-1'); // the pattern, never the URL
  });

  it('counts codes issued, verified and failed, and the delivery attempts', async () => {
    const created = await smsRequest('create', { lang: 'en' });
    expect(created.body.responseObject.smsDeliveryResult).toBe('SUCCEEDED');
    const { messageId } = created.body.responseObject;
    const code = sms.messages[sms.messages.length - 1].text.match(/(\d{8})\.$/)![1];
    const wrong = String((Number(code) + 1) % 100_000_000).padStart(8, '0');
    await smsRequest('verify', { messageId, authorizationCode: wrong });
    await smsRequest('verify', { messageId, authorizationCode: code });
    const text = await scrape();
    expect(sample(text, 'stepwise_codes_issued_total', { channel: 'SMS' })).toBe(1);
    expect(sample(text, 'stepwise_codes_verified_total', { channel: 'SMS' })).toBe(1);
    expect(sample(text, 'stepwise_codes_failed_total', { channel: 'SMS', reason: 'wrong' })).toBe(1);
    expect(sample(text, 'stepwise_delivery_attempts_total', { channel: 'SMS', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'stepwise_outbox_pending_messages', { channel: 'SMS' })).toBe(0);
  });

  it('shows the outbox depth and delivery failures while the gateway is down', async () => {
    sms.failWith(503);
    const created = await smsRequest('create', {
      lang: 'en',
      operationContext: seedContext(OPERATION_ID.replace('1', '2')),
    });
    expect(created.status).toBe(200);
    const text = await scrape();
    expect(sample(text, 'stepwise_delivery_attempts_total', { channel: 'SMS', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'stepwise_outbox_pending_messages', { channel: 'SMS' })).toBe(1);
    sms.failWith(200);
  });

  it('counts job runs and lease takeovers', async () => {
    t.clock.advanceSeconds(600);
    await t.app.get(DeliveryRetryJob).tick();
    const leases = t.app.get(JobLeases);
    // A holder that never released ("crashed"): its lease runs out and is taken over.
    let release!: () => void;
    let entered!: () => void;
    const running = new Promise<void>((resolve) => (entered = resolve));
    const stuck = leases.runExclusively(
      'metrics-probe',
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          entered();
        }),
    );
    await running; // the holder has its lease and is inside the job
    t.clock.advanceSeconds(60); // well past JOB_LEASE_SECONDS: the stuck holder's lease has lapsed
    expect(await leases.runExclusively('metrics-probe', async () => undefined)).toBe(true);
    release();
    await stuck;
    const text = await scrape();
    expect(sample(text, 'stepwise_job_runs_total', { job: 'delivery-retry', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'stepwise_job_run_duration_seconds_count', { job: 'delivery-retry' })).toBe(1);
    expect(sample(text, 'stepwise_job_lease_takeovers_total', { job: 'metrics-probe' })).toBe(1);
    expect(sample(text, 'stepwise_outbox_pending_messages', { channel: 'SMS' })).toBe(0);
  });
});
