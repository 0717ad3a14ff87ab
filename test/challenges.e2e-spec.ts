import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChallengeCleanupJob, ChallengeError, ChallengesService, DIGITS, IssueChallenge } from '@app/challenges';
import { DeliveryRetryJob, DeliveryService } from '@app/delivery';
import { SmsGatewaySink, TestApp, refuseInserts } from '@app/testing';
import { UsersService } from '@app/users';
import { startApiServer } from './support/api-server';

const PASSWORD = 's3cret-password';
const POLICY = { lifetimeSeconds: 300, maxTries: 3, resendSpacingSeconds: 60, maxResends: 2 };

/** The challenge library against the real server: its database, outbox and SMS gateway. */
describe('challenges', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let challenges: ChallengesService;
  let users: UsersService;
  let db: DataSource;
  let subjects = 0;
  let phones = 0;

  const newSubject = () => `subject-${++subjects}`;
  const createUser = async () => {
    const phone = `+42077710${String(++phones).padStart(4, '0')}`;
    const res = await t.http
      .post('/admin/users')
      .set('Authorization', t.adminAuth())
      .send({
        username: `user${phones}`,
        password: PASSWORD,
        givenName: 'Jana',
        familyName: 'Nováková',
        organizationId: 'RETAIL',
        phoneNumber: phone,
        language: 'en',
      });
    expect(res.status).toBe(201);
    return { userId: res.body.userId as string, phone };
  };
  const smsIssue = (userId: string, phone: string, subject: string, extra: Partial<IssueChallenge> = {}) =>
    challenges.issue({
      purpose: 'test.sms',
      subject,
      step: 'approve',
      channel: 'SMS',
      userId,
      binding: { amount: '100.00', currency: 'CZK' },
      format: { alphabet: DIGITS, length: 8 },
      policy: POLICY,
      message: { channel: 'SMS', recipient: phone, render: (code) => ({ text: `Your code is ${code}.` }) },
      ...extra,
    });
  const ref = (subject: string) => ({ purpose: 'test.sms', subject, step: 'approve' });
  const binding = { currency: 'CZK', amount: '100.00' };
  const wrong = (code: string) => String((Number(code) + 1) % 1e8).padStart(8, '0');
  const codeOf = (text: string) => text.match(/is (\S+)\.$/)![1];

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    t = await startApiServer({ env: { SMS_GATEWAY_URL: sms.url, CHALLENGE_MAX_PER_USER_PER_HOUR: '6' } });
    challenges = t.app.get(ChallengesService);
    users = t.app.get(UsersService);
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  it('issues a code with its message, verifies it once, bound to the values it was issued for', async () => {
    const user = await createUser();
    const subject = newSubject();
    const issued = await smsIssue(user.userId, user.phone, subject);
    expect(issued).toMatchObject({ code: expect.stringMatching(/^\d{8}$/), resendsLeft: 2, delivery: 'SENT' });
    expect(sms.messages.at(-1)).toEqual({
      to: user.phone,
      text: `Your code is ${issued.code}.`,
      messageId: expect.any(String),
    });

    expect(
      await challenges.verify({ ...ref(subject), code: issued.code, binding: { ...binding, amount: '1000.00' } }),
    ).toEqual({
      outcome: 'WRONG',
      challengeId: issued.challengeId,
      remainingTries: 2,
      userLocked: false,
    });
    expect(await challenges.status('test.sms', subject, 'approve')).toMatchObject({
      remainingTries: 2,
      resendsLeft: 2,
    });
    expect(await challenges.verify({ ...ref(subject), code: issued.code, binding })).toEqual({
      outcome: 'VERIFIED',
      challengeId: issued.challengeId,
    });
    expect(await challenges.verify({ ...ref(subject), code: issued.code, binding })).toMatchObject({
      outcome: 'ALREADY_USED',
    });
    expect(await challenges.status('test.sms', subject, 'approve')).toBeNull();
    expect(await challenges.verify({ ...ref(newSubject()), code: issued.code, binding })).toEqual({
      outcome: 'NOT_FOUND',
    });
    expect(
      await challenges.verify({ purpose: 'other', challengeId: issued.challengeId, code: issued.code, binding }),
    ).toEqual({
      outcome: 'NOT_FOUND',
    });
  });

  it('burns a code with its last wrong try, then refuses even the right one', async () => {
    const user = await createUser();
    const subject = newSubject();
    const issued = await smsIssue(user.userId, user.phone, subject);
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await challenges.verify({ ...ref(subject), code: wrong(issued.code), binding }));
    expect(answers.map((a) => a.outcome)).toEqual(['WRONG', 'WRONG', 'EXHAUSTED']);
    expect(answers[2]).toMatchObject({ burnedNow: true });
    expect(await challenges.verify({ ...ref(subject), code: issued.code, binding })).toMatchObject({
      outcome: 'EXHAUSTED',
      burnedNow: false,
    });
  });

  it('ignores case when the format says so', async () => {
    const user = await createUser();
    const subject = newSubject();
    const issued = await smsIssue(user.userId, user.phone, subject, {
      format: { alphabet: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', length: 6, caseInsensitive: true },
    });
    expect(issued.code).toMatch(/^[A-Z2-9]{6}$/);
    expect(await challenges.verify({ ...ref(subject), code: issued.code.toLowerCase(), binding })).toMatchObject({
      outcome: 'VERIFIED',
    });
  });

  it('expires a code after its lifetime', async () => {
    const user = await createUser();
    const subject = newSubject();
    const issued = await smsIssue(user.userId, user.phone, subject);
    t.clock.advanceSeconds(301);
    expect(await challenges.verify({ ...ref(subject), code: issued.code, binding })).toMatchObject({
      outcome: 'EXPIRED',
    });
  });

  it('resends within spacing and count, replacing the code and cancelling its undelivered message', async () => {
    const user = await createUser();
    const subject = newSubject();
    sms.failWith(503);
    const first = await smsIssue(user.userId, user.phone, subject);
    expect(first.delivery).toBe('FAILED');
    await expect(smsIssue(user.userId, user.phone, subject)).rejects.toMatchObject({
      code: 'RESEND_TOO_EARLY',
      details: { retryAfterSeconds: 60 },
    });
    t.clock.advanceSeconds(60);
    sms.failWith(200);
    const second = await smsIssue(user.userId, user.phone, subject);
    expect(second).toMatchObject({ delivery: 'SENT', resendsLeft: 1 });
    // the first message was pending a retry: it is cancelled and never goes out
    t.clock.advanceSeconds(30);
    await t.app.get(DeliveryRetryJob).runOnce();
    expect(sms.messages.filter((m) => m.text.includes(first.code))).toEqual([]);
    const [row] = await db.query('SELECT status, text FROM outbox_message WHERE correlationId = ?', [
      first.challengeId,
    ]);
    expect(row).toEqual({ status: 'CANCELLED', text: null });
    expect(
      await challenges.verify({ purpose: 'test.sms', challengeId: first.challengeId, code: first.code, binding }),
    ).toMatchObject({
      outcome: 'EXPIRED',
    });
    t.clock.advanceSeconds(60);
    const third = await smsIssue(user.userId, user.phone, subject);
    expect(third.resendsLeft).toBe(0);
    t.clock.advanceSeconds(60);
    await expect(smsIssue(user.userId, user.phone, subject)).rejects.toMatchObject({ code: 'RESEND_LIMIT_EXCEEDED' });
    expect(await challenges.verify({ ...ref(subject), code: third.code, binding })).toMatchObject({
      outcome: 'VERIFIED',
    });
  });

  it('leaves exactly one live code when 20 first issues of a chain race', async () => {
    const user = await createUser();
    const subject = newSubject();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => smsIssue(user.userId, user.phone, subject)),
    );
    const issued = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(issued).toHaveLength(1);
    expect(refused.map((r) => (r.reason as ChallengeError).code)).toEqual(Array(19).fill('RESEND_TOO_EARLY'));
    const live = await db.query(
      "SELECT challengeId FROM challenge WHERE status = 'ACTIVE' AND subjectKey = (SELECT subjectKey FROM challenge WHERE challengeId = ?)",
      [(issued[0] as PromiseFulfilledResult<{ challengeId: string }>).value.challengeId],
    );
    expect(live).toHaveLength(1);
  });

  it('limits codes per recipient per hour across users and chains (sliding window)', async () => {
    const [a, b] = [await createUser(), await createUser()];
    const shared = '+420777999999';
    for (let i = 0; i < 10; i++) await smsIssue(i % 2 ? a.userId : b.userId, shared, newSubject());
    const limited = await smsIssue(a.userId, shared, newSubject()).catch((e: ChallengeError) => e);
    expect(limited).toBeInstanceOf(ChallengeError);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 3600 } });
    // another phone of the same user is not limited by it
    expect((await smsIssue(a.userId, a.phone, newSubject())).delivery).toBe('SENT');
    t.clock.advanceSeconds(3601);
    expect((await smsIssue(a.userId, shared, newSubject())).delivery).toBe('SENT');
  });

  it('limits codes per user per hour across chains', async () => {
    const user = await createUser();
    for (let i = 0; i < 6; i++) await smsIssue(user.userId, `+42077720000${i}`, newSubject());
    await expect(smsIssue(user.userId, '+420777200009', newSubject())).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('issues exactly the user’s limit when more first issues of other chains race', async () => {
    const user = await createUser();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        smsIssue(user.userId, `+4207772200${String(i).padStart(2, '0')}`, newSubject()),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(6);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as ChallengeError).code)).toEqual(Array(6).fill('RATE_LIMITED'));
  });

  it('answers a full window with the time until its oldest counted code leaves it', async () => {
    const user = await createUser();
    const phone = (i: number) => `+4207772100${String(i).padStart(2, '0')}`;
    const limited = (i: number) => smsIssue(user.userId, phone(i), newSubject()).catch((e: ChallengeError) => e);
    // codes 10 minutes apart: with max - 1 = 5 in the window the 6th is still issued
    for (let i = 0; i < 5; i++) {
      await smsIssue(user.userId, phone(i), newSubject());
      t.clock.advanceSeconds(600);
    }
    expect((await smsIssue(user.userId, phone(5), newSubject())).delivery).toBe('SENT');
    // with max = 6 it is full until the first code is an hour old, 600 s from now
    expect(await limited(6)).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 600 } });
    t.clock.advanceSeconds(599);
    expect(await limited(6)).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } });
    t.clock.advanceSeconds(1);
    expect((await smsIssue(user.userId, phone(6), newSubject())).delivery).toBe('SENT');
    // full again, now until the second code is an hour old
    expect(await limited(7)).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 600 } });
  });

  it('answers the user’s window before the recipient’s when both are full', async () => {
    const [a, b] = [await createUser(), await createUser()];
    const shared = '+420777999998';
    for (let i = 0; i < 4; i++) await smsIssue(b.userId, shared, newSubject());
    t.clock.advanceSeconds(600);
    for (let i = 0; i < 6; i++) await smsIssue(a.userId, shared, newSubject());
    // the recipient's window (10) opens in 3000 s, the user's (6) in 3600 s: the user's answers
    expect(await smsIssue(a.userId, shared, newSubject()).catch((e: ChallengeError) => e)).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 3600 },
    });
    expect(await smsIssue(b.userId, shared, newSubject()).catch((e: ChallengeError) => e)).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: 3000 },
    });
  });

  it('counts failures across factors: password and code failures mixed lock the user at the 5th', async () => {
    const user = await createUser();
    const first = await smsIssue(user.userId, user.phone, newSubject());
    const second = await smsIssue(user.userId, user.phone, newSubject());
    const fail = (issued: { challengeId: string; code: string }) =>
      challenges.verify({ purpose: 'test.sms', challengeId: issued.challengeId, code: wrong(issued.code), binding });
    expect(await users.verifyPassword(user.userId, 'wrong-password')).toEqual({
      result: 'INVALID',
      remainingAttempts: 4,
    });
    expect(await fail(first)).toMatchObject({ outcome: 'WRONG', userLocked: false });
    expect(await users.verifyPassword(user.userId, 'wrong-password')).toEqual({
      result: 'INVALID',
      remainingAttempts: 2,
    });
    expect(await fail(second)).toMatchObject({ outcome: 'WRONG', userLocked: false });
    // the 5th consecutive failure, a code again, locks the user
    expect(await fail(first)).toMatchObject({ userLocked: true });
    const { AuditService } = await import('@app/audit');
    const { items } = await t.app
      .get(AuditService)
      .list({ userId: user.userId, type: 'user.locked', page: 0, size: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ subjectId: user.userId, data: { factor: 'SMS', failures: 5 } });
    expect(await users.verifyPassword(user.userId, PASSWORD)).toMatchObject({ result: 'LOCKED' });
    expect(
      await challenges.verify({ purpose: 'test.sms', challengeId: second.challengeId, code: second.code, binding }),
    ).toMatchObject({
      outcome: 'LOCKED',
    });
    t.clock.advanceSeconds(901);
    expect(await users.verifyPassword(user.userId, PASSWORD)).toMatchObject({ result: 'VALID' });
  });

  it('resets the count on a success of any factor', async () => {
    const user = await createUser();
    const issued = await smsIssue(user.userId, user.phone, newSubject());
    for (let i = 0; i < 4; i++) await users.verifyPassword(user.userId, 'wrong-password');
    expect(
      await challenges.verify({ purpose: 'test.sms', challengeId: issued.challengeId, code: issued.code, binding }),
    ).toMatchObject({
      outcome: 'VERIFIED',
    });
    expect(await users.verifyPassword(user.userId, 'wrong-password')).toEqual({
      result: 'INVALID',
      remainingAttempts: 4,
    });
  });

  it('keeps a matched code for its second factor with deferUse until consumed', async () => {
    const user = await createUser();
    const subject = newSubject();
    const issued = await smsIssue(user.userId, user.phone, subject);
    const deferred = { ...ref(subject), code: issued.code, binding, deferUse: true, resetFailures: false };
    expect(await challenges.verify(deferred)).toMatchObject({ outcome: 'VERIFIED' });
    expect(await challenges.verify(deferred)).toMatchObject({ outcome: 'VERIFIED' });
    expect(await challenges.verify({ ...ref(subject), code: issued.code, binding })).toMatchObject({
      outcome: 'ALREADY_USED',
    });
    expect(await challenges.consume('test.sms', issued.challengeId)).toBe(true);
    expect(await challenges.consume('test.sms', issued.challengeId)).toBe(false);
  });

  it('invalidates every live challenge of a subject', async () => {
    const user = await createUser();
    const subject = newSubject();
    const approve = await smsIssue(user.userId, user.phone, subject);
    const login = await smsIssue(user.userId, user.phone, subject, { step: 'login' });
    expect(await challenges.invalidate('test.sms', subject)).toBe(2);
    expect(await challenges.verify({ ...ref(subject), code: approve.code, binding })).toMatchObject({
      outcome: 'EXPIRED',
    });
    expect(await challenges.verify({ ...ref(subject), step: 'login', code: login.code, binding })).toMatchObject({
      outcome: 'EXPIRED',
    });
  });

  it('joins the caller’s transaction: QUEUED until it commits, nothing at all when it rolls back', async () => {
    const user = await createUser();
    const { Transactions } = await import('@app/core');
    const transactions = t.app.get(Transactions);
    const subject = newSubject();
    const sent = sms.messages.length;
    let queued: Awaited<ReturnType<typeof smsIssue>> | undefined;
    await transactions.run(async () => {
      queued = await smsIssue(user.userId, user.phone, subject);
      expect(queued.delivery).toBe('QUEUED');
      expect(sms.messages.length).toBe(sent);
    });
    // the first attempt ran after the commit
    expect(sms.messages.map((m) => m.text)).toContain(`Your code is ${queued!.code}.`);

    const rolledBack = newSubject();
    await expect(
      transactions.run(async () => {
        await smsIssue(user.userId, user.phone, rolledBack);
        throw new Error('caller failed after issuing');
      }),
    ).rejects.toThrow('caller failed');
    expect(await challenges.status('test.sms', rolledBack, 'approve')).toBeNull();
    expect((await smsIssue(user.userId, user.phone, rolledBack)).delivery).toBe('SENT'); // a first issue again
  });

  it('leaves no live code when queuing its message fails (code and message commit together)', async () => {
    const user = await createUser();
    const delivery = t.app.get(DeliveryService);
    const subject = newSubject();
    // 1. the outbox insert itself fails
    const restore = await refuseInserts(db, 'outbox_message', 'outbox insert failed');
    try {
      await expect(smsIssue(user.userId, user.phone, subject)).rejects.toThrow('outbox insert failed');
    } finally {
      await restore();
    }
    // 2. a crash after the outbox row was written, before the commit
    const original = delivery.enqueue.bind(delivery);
    const enqueue = jest.spyOn(delivery, 'enqueue').mockImplementation(async (message) => {
      await original(message);
      throw new Error('crash between the outbox row and the commit');
    });
    try {
      await expect(smsIssue(user.userId, user.phone, subject)).rejects.toThrow('crash between');
    } finally {
      enqueue.mockRestore();
    }
    expect(await challenges.status('test.sms', subject, 'approve')).toBeNull();
    // every code row has its outbox row, and the other way round
    const orphans = await db.query(
      "SELECT c.challengeId FROM challenge c LEFT JOIN outbox_message o ON o.messageId = c.messageId WHERE c.channel = 'SMS' AND o.messageId IS NULL",
    );
    expect(orphans).toEqual([]);
    const stray = await db.query(
      'SELECT o.messageId FROM outbox_message o LEFT JOIN challenge c ON c.messageId = o.messageId WHERE o.correlationId IS NOT NULL AND c.challengeId IS NULL',
    );
    expect(stray).toEqual([]);
    // the client's retry is a first issue, not refused as too early
    expect((await smsIssue(user.userId, user.phone, subject)).delivery).toBe('SENT');
  });

  it('keeps the outbox text encrypted at rest and never stores or logs a code', async () => {
    const user = await createUser();
    sms.failWith(503); // stays pending, text kept for the retry
    const issued = await smsIssue(user.userId, user.phone, newSubject());
    sms.failWith(200);
    const [outbox] = await db.query('SELECT text FROM outbox_message WHERE correlationId = ?', [issued.challengeId]);
    expect(outbox.text).toMatch(/^sb1\./);
    expect(outbox.text).not.toContain(issued.code);
    const [row] = await db.query('SELECT * FROM challenge WHERE challengeId = ?', [issued.challengeId]);
    expect(JSON.stringify(row)).not.toContain(issued.code);
    t.clock.advanceSeconds(10);
    await t.app.get(DeliveryRetryJob).runOnce();
    expect(sms.messages.at(-1)!.text).toBe(`Your code is ${issued.code}.`);
    const [sent] = await db.query('SELECT status, text FROM outbox_message WHERE correlationId = ?', [
      issued.challengeId,
    ]);
    expect(sent).toEqual({ status: 'SENT', text: null });
    const codes = sms.messages.map((m) => codeOf(m.text));
    const log = t.logs.text();
    expect(log).toContain(issued.challengeId);
    for (const code of codes) expect(log).not.toContain(code);
  });

  it('deletes challenges a retention period after they expired, and chains left without any', async () => {
    const user = await createUser();
    const old = await smsIssue(user.userId, user.phone, newSubject());
    t.clock.advanceSeconds(86_400 + 301);
    const fresh = await smsIssue(user.userId, user.phone, newSubject());
    await t.app.get(ChallengeCleanupJob).runOnce();
    const ids = (await db.query('SELECT challengeId FROM challenge')).map(
      (r: { challengeId: string }) => r.challengeId,
    );
    expect(ids).toContain(fresh.challengeId);
    expect(ids).not.toContain(old.challengeId);
    const chains = await db.query('SELECT lastChallengeId FROM challenge_chain');
    expect(chains.map((c: { lastChallengeId: string }) => c.lastChallengeId)).toContain(fresh.challengeId);
    expect(chains.map((c: { lastChallengeId: string }) => c.lastChallengeId)).not.toContain(old.challengeId);
    expect(await challenges.verify({ ...ref('x'), code: fresh.code, binding })).toEqual({ outcome: 'NOT_FOUND' });
  });
});
