import { DeliveryRetryJob, DeliveryService } from '@app/delivery';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

describe('development outbox (no SMTP_URL, no SMS_GATEWAY_URL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer();
  });
  afterAll(() => t.close());

  it('keeps SMS and e-mail readable at /admin/dev-outbox until they expire', async () => {
    const delivery = t.app.get(DeliveryService);
    const expiresAt = new Date(t.clock.now().getTime() + 300_000);
    const sms = await delivery.sendNow({
      channel: 'SMS',
      recipient: '+420777123456',
      text: 'Kód 12345678',
      expiresAt,
      correlationId: 'op-dev',
    });
    const mail = await delivery.sendNow({
      channel: 'EMAIL',
      recipient: 'dev@example.com',
      subject: 'Hi',
      text: 'Mail body',
      expiresAt,
    });
    expect(sms.status).toBe('SENT');
    expect(mail.status).toBe('SENT');

    const all = await t.http.get('/admin/dev-outbox').set('Authorization', t.adminAuth());
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    const bySms = await t.http
      .get('/admin/dev-outbox?channel=SMS&correlationId=op-dev')
      .set('Authorization', t.adminAuth());
    expect(bySms.body.items).toEqual([
      expect.objectContaining({ messageId: sms.messageId, recipient: '+420777123456', text: 'Kód 12345678' }),
    ]);
    const badChannel = await t.http.get('/admin/dev-outbox?channel=FAX').set('Authorization', t.adminAuth());
    expect(badChannel.status).toBe(400);

    t.clock.advanceSeconds(300);
    await t.app.get(DeliveryRetryJob).runOnce();
    const after = await t.http.get('/admin/dev-outbox').set('Authorization', t.adminAuth());
    expect(after.body.items.map((m: { text: string | null }) => m.text)).toEqual([null, null]);
    expect(t.logs.text()).not.toContain('12345678');
  });

  it('needs the admin scope', async () => {
    const client = await t.createClient(['next-step']);
    const res = await t.http.get('/admin/dev-outbox').set('Authorization', t.basic(client.clientId, client.secret));
    expect(res.status).toBe(403);
  });
});

describe('development outbox in production mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Production needs a transport for SMS (nothing is sent in this suite).
    t = await startApiServer({
      env: {
        NODE_ENV: 'production',
        SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms',
        SMTP_URL: 'smtp://127.0.0.1:9',
        MAIL_FROM: 'stepwise@bank.example',
      },
    });
  });
  afterAll(() => t.close());

  it('has no /admin/dev-outbox route', async () => {
    const res = await t.http.get('/admin/dev-outbox').set('Authorization', t.adminAuth());
    expect(res.status).toBe(404);
    const outbox = await t.http.get('/admin/outbox').set('Authorization', t.adminAuth());
    expect(outbox.status).toBe(200);
  });
});
