import { DeliveryRetryJob, DeliveryService } from '@app/delivery';
import { SmsGatewaySink, SmtpSink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

const PHONE = '+420777123456';
const SECRET_TEXT = 'Your code is 73914562';

describe('delivery outbox with a real SMS gateway and SMTP server', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let smtp: SmtpSink;
  let delivery: DeliveryService;
  let job: DeliveryRetryJob;

  const inSeconds = (s: number) => new Date(t.clock.now().getTime() + s * 1000);
  const outbox = (messageId: string) =>
    t.http.get(`/admin/outbox/${messageId}`).set('Authorization', t.adminAuth()).expect(200);

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    smtp = await SmtpSink.start();
    t = await startApiServer({
      env: {
        SMS_GATEWAY_URL: sms.url,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'bank@example.com',
        DELIVERY_SEND_TIMEOUT_MS: '1000',
        DELIVERY_RETRY_BASE_SECONDS: '10',
        DELIVERY_RETRY_MAX_SECONDS: '60',
      },
    });
    delivery = t.app.get(DeliveryService);
    job = t.app.get(DeliveryRetryJob);
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
    await smtp.close();
  });

  it('sends an SMS through the gateway at once', async () => {
    const result = await delivery.sendNow({
      channel: 'SMS',
      recipient: PHONE,
      text: SECRET_TEXT,
      expiresAt: inSeconds(300),
      correlationId: 'op-1',
    });
    expect(result.status).toBe('SENT');
    expect(sms.messages).toContainEqual({ to: PHONE, text: SECRET_TEXT, messageId: result.messageId });
    const state = (await outbox(result.messageId)).body;
    expect(state).toMatchObject({ status: 'SENT', attempts: 1, transport: 'SMS_GATEWAY', correlationId: 'op-1' });
    expect(state).not.toHaveProperty('text');
  });

  it('sends an e-mail through SMTP with subject and localized text', async () => {
    const text = 'Dobrý den, váš kód je 1234 — platí 5 minut.';
    const result = await delivery.sendNow({
      channel: 'EMAIL',
      recipient: 'jana.novakova@example.com',
      subject: 'Přihlášení',
      text,
      expiresAt: inSeconds(300),
    });
    expect(result.status).toBe('SENT');
    expect(smtp.messages).toContainEqual(
      expect.objectContaining({
        from: 'bank@example.com',
        to: ['jana.novakova@example.com'],
        subject: 'Přihlášení',
        text,
      }),
    );
  });

  it('answers FAILED when the gateway is down, retries with backoff and delivers when it is back', async () => {
    await sms.goDown();
    const sent = sms.messages.length;
    const result = await delivery.sendNow({
      channel: 'SMS',
      recipient: PHONE,
      text: 'retry me',
      expiresAt: inSeconds(300),
    });
    expect(result.status).toBe('FAILED');
    let state = (await outbox(result.messageId)).body;
    expect(state).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(state.lastError).toMatch(/unreachable/);

    await job.runOnce(); // not due yet: nothing happens
    expect((await outbox(result.messageId)).body.attempts).toBe(1);

    t.clock.advanceSeconds(10);
    await job.runOnce(); // due, still down: second failure, next delay 20 s
    state = (await outbox(result.messageId)).body;
    expect(state).toMatchObject({ status: 'PENDING', attempts: 2 });
    expect(new Date(state.nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(20_000);

    await sms.comeBack();
    sms.failWith(503);
    t.clock.advanceSeconds(20);
    await job.runOnce();
    state = (await outbox(result.messageId)).body;
    expect(state).toMatchObject({ status: 'PENDING', attempts: 3, lastError: 'gateway answered HTTP 503' });

    sms.failWith(200);
    t.clock.advanceSeconds(40);
    await job.runOnce();
    expect((await outbox(result.messageId)).body).toMatchObject({ status: 'SENT', attempts: 4 });
    expect(sms.messages.slice(sent)).toEqual([{ to: PHONE, text: 'retry me', messageId: result.messageId }]);

    t.clock.advanceSeconds(600);
    await job.runOnce(); // never sent twice
    expect(sms.messages.slice(sent)).toHaveLength(1);
  });

  it('gives up waiting for a gateway that does not answer (short timeout) and retries later', async () => {
    sms.hang(true);
    const result = await delivery.sendNow({
      channel: 'SMS',
      recipient: PHONE,
      text: 'slow',
      expiresAt: inSeconds(300),
    });
    expect(result.status).toBe('FAILED');
    expect((await outbox(result.messageId)).body).toMatchObject({
      status: 'PENDING',
      lastError: 'gateway timeout 1000 ms',
    });
    sms.hang(false);
    t.clock.advanceSeconds(10);
    await job.runOnce();
    expect((await outbox(result.messageId)).body.status).toBe('SENT');
    expect(sms.messages.filter((m) => m.messageId === result.messageId)).toHaveLength(1);
  });

  it('never sends a message after its expiry', async () => {
    sms.failWith(503);
    const sent = sms.messages.length;
    const result = await delivery.sendNow({
      channel: 'SMS',
      recipient: PHONE,
      text: 'too late',
      expiresAt: inSeconds(30),
    });
    expect(result.status).toBe('FAILED');
    sms.failWith(200);
    t.clock.advanceSeconds(30);
    await job.runOnce();
    t.clock.advanceSeconds(600);
    await job.runOnce();
    expect((await outbox(result.messageId)).body).toMatchObject({ status: 'EXPIRED', attempts: 1 });
    expect(sms.messages.slice(sent)).toEqual([]);
  });

  it('retries e-mail refused by the SMTP server', async () => {
    smtp.reject(true);
    const result = await delivery.sendNow({
      channel: 'EMAIL',
      recipient: 'petr@example.com',
      subject: 'Code',
      text: 'mail retry',
      expiresAt: inSeconds(300),
    });
    expect(result.status).toBe('FAILED');
    expect((await outbox(result.messageId)).body.lastError).toMatch(/SMTP failed/);
    smtp.reject(false);
    t.clock.advanceSeconds(10);
    await job.runOnce();
    expect((await outbox(result.messageId)).body.status).toBe('SENT');
    expect(smtp.messages.map((m) => m.text)).toContain('mail retry');
  });

  it('answers FAILED for an invalid recipient without sending', async () => {
    const result = await delivery.sendNow({
      channel: 'SMS',
      recipient: '777123456',
      text: 'x',
      expiresAt: inSeconds(60),
    });
    expect(result.status).toBe('FAILED');
    expect((await outbox(result.messageId)).body).toMatchObject({ status: 'FAILED', lastError: 'invalid recipient' });
  });

  it('clears the text once a message is sent or given up, and never logs it', async () => {
    const { DataSource } = await import('typeorm');
    const rows = await t.app.get(DataSource).query('SELECT status, text FROM outbox_message');
    expect(rows.length).toBeGreaterThan(4);
    for (const row of rows) expect(row.text).toBeNull();
    for (const text of [SECRET_TEXT, 'retry me', 'too late', 'mail retry', 'váš kód']) {
      expect(t.logs.text()).not.toContain(text);
    }
  });

  it('has no development outbox when transports are configured', async () => {
    const res = await t.http.get('/admin/dev-outbox').set('Authorization', t.adminAuth());
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
