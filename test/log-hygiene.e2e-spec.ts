import { DeliveryRetryJob, DeliveryService } from '@app/delivery';
import { SmsGatewaySink, SmtpSink, TestApp } from '@app/testing';
import { UsersService } from '@app/users';
import { startApiServer } from './support/api-server';

/** At the most verbose level, no log line carries a password or a message text. */
describe('no passwords or message texts in the logs', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let smtp: SmtpSink;

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    smtp = await SmtpSink.start();
    t = await startApiServer({
      env: { LOG_LEVEL: 'trace', SMS_GATEWAY_URL: sms.url, SMTP_URL: smtp.url, MAIL_FROM: 'bank@example.com' },
    });
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
    await smtp.close();
  });

  it('logs ids and outcomes only', async () => {
    const secrets = ['Pw-Secret-One-1', 'Pw-Secret-Two-2', 'Guess-Wrong-3', 'SMS-TEXT-5501', 'MAIL-TEXT-7702'];
    const created = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        username: 'logcheck',
        password: secrets[0],
        givenName: 'L',
        familyName: 'C',
        organizationId: 'DEFAULT',
        email: 'l@example.com',
      })
      .expect(201);
    const userId = created.body.userId as string;
    await t.http
      .put(`/admin/users/${userId}/password`)
      .set('Authorization', t.adminAuth())
      .send({ password: secrets[1] })
      .expect(204);
    const users = t.app.get(UsersService);
    for (let i = 0; i < 5; i++) await users.verifyPassword(userId, secrets[2]);
    await t.http.post('/admin/users').set('Authorization', t.adminAuth()).send({ password: secrets[0] }).expect(400);

    const delivery = t.app.get(DeliveryService);
    const expiresAt = new Date(t.clock.now().getTime() + 300_000);
    expect(
      (await delivery.sendNow({ channel: 'SMS', recipient: '+420777123456', text: secrets[3], expiresAt })).status,
    ).toBe('SENT');
    sms.failWith(503);
    smtp.reject(true);
    await delivery.sendNow({ channel: 'SMS', recipient: '+420777123456', text: secrets[3], expiresAt });
    await delivery.sendNow({ channel: 'EMAIL', recipient: 'l@example.com', subject: 's', text: secrets[4], expiresAt });
    sms.failWith(200);
    smtp.reject(false);
    t.clock.advanceSeconds(10);
    await t.app.get(DeliveryRetryJob).runOnce();
    expect(sms.messages).toHaveLength(2);
    expect(smtp.messages).toHaveLength(1);

    const lines = t.logs.lines;
    expect(lines.some((l) => l.includes('User locked'))).toBe(true);
    expect(lines.some((l) => l.includes('Message sent'))).toBe(true);
    expect(lines.some((l) => l.includes('Message not sent'))).toBe(true);
    for (const line of lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
    }
  });
});
