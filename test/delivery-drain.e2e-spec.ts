import { getRepositoryToken } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { DeliveryCounters, DeliveryService } from '@app/delivery';
import { SmsGatewaySink, TestApp } from '@app/testing';
import { OutboxMessage } from '../libs/delivery/src/outbox-message.entity';
import { startApiServer } from './support/api-server';

const BATCH = 40;
const CONCURRENCY = 4;

describe('outbox draining by the retry job', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let delivery: DeliveryService;
  let counters: DeliveryCounters;
  let outbox: Repository<OutboxMessage>;

  /** Messages that failed once while the gateway was down and are due again now. */
  const backlog = async (count: number, changes: Partial<OutboxMessage> = {}): Promise<string[]> => {
    const now = t.clock.now();
    const rows = Array.from({ length: count }, () => ({
      messageId: randomUUID(),
      channel: 'SMS' as const,
      recipient: '+420777123456',
      subject: null,
      text: 'Your code is 12345678',
      status: 'PENDING' as const,
      transport: 'SMS_GATEWAY' as const,
      attempts: 1,
      nextAttemptAt: now,
      attemptStartedAt: null,
      lastError: 'gateway answered HTTP 503',
      expiresAt: new Date(now.getTime() + 300_000),
      correlationId: null,
      createdAt: now,
      sentAt: null,
      updatedAt: now,
      ...changes,
    }));
    for (let i = 0; i < rows.length; i += 100) await outbox.insert(rows.slice(i, i + 100));
    return rows.map((r) => r.messageId);
  };
  const statuses = async (ids: string[]) => {
    const rows = await outbox.find({ select: { messageId: true, status: true } });
    const wanted = new Set(ids);
    return rows.filter((r) => wanted.has(r.messageId)).map((r) => r.status);
  };
  const sentIds = () => new Set(sms.messages.map((m) => m.messageId));

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    t = await startApiServer({
      env: {
        SMS_GATEWAY_URL: sms.url,
        DELIVERY_SEND_TIMEOUT_MS: '2000',
        DELIVERY_RETRY_BATCH_SIZE: String(BATCH),
        DELIVERY_RETRY_CONCURRENCY: String(CONCURRENCY),
      },
    });
    delivery = t.app.get(DeliveryService);
    counters = t.app.get(DeliveryCounters);
    outbox = t.app.get(getRepositoryToken(OutboxMessage));
  });
  afterAll(async () => {
    await t.close();
    await sms.close();
  });

  it('drains a backlog of many batches in one run, with bounded concurrency towards the gateway', async () => {
    sms.delay(15);
    sms.maxConcurrent = 0;
    const ids = await backlog(5 * BATCH + 7);
    await delivery.retryDue();
    sms.delay(0);
    expect(new Set(await statuses(ids))).toEqual(new Set(['SENT']));
    const sent = sentIds();
    expect(ids.every((id) => sent.has(id))).toBe(true);
    expect(sms.maxConcurrent).toBe(CONCURRENCY);
    expect(sms.duplicates()).toEqual([]);
  });

  it('drops messages whose code expired instead of sending them', async () => {
    const before = counters.counts().expired;
    const expired = await backlog(3, { expiresAt: t.clock.now() });
    const live = await backlog(2);
    await delivery.retryDue();
    expect(await statuses(expired)).toEqual(['EXPIRED', 'EXPIRED', 'EXPIRED']);
    expect(await statuses(live)).toEqual(['SENT', 'SENT']);
    const sent = sentIds();
    expect(expired.some((id) => sent.has(id))).toBe(false);
    expect(counters.counts().expired - before).toBe(3);
    const rows = await outbox.findBy(expired.map((messageId) => ({ messageId })));
    expect(rows.map((r) => r.text)).toEqual([null, null, null]);
  });

  it('counts a resend after an attempt with unknown outcome as a possible duplicate, keyed by messageId', async () => {
    const before = counters.counts().possibleDuplicates;
    // The process died after handing this message to the gateway, before recording the answer.
    const [orphan] = await backlog(1, { attemptStartedAt: new Date(t.clock.now().getTime() - 6000) });
    const [plain] = await backlog(1);
    await delivery.retryDue();
    expect(await statuses([orphan, plain])).toEqual(['SENT', 'SENT']);
    expect(counters.counts().possibleDuplicates - before).toBe(1);
    const keyOf = (id: string) => sms.idempotencyKeys[sms.messages.findIndex((m) => m.messageId === id)];
    expect([keyOf(orphan), keyOf(plain)]).toEqual([orphan, plain]);
    expect(t.logs.text()).toContain(orphan);
    expect((await outbox.findOneByOrFail({ messageId: orphan })).attemptStartedAt).toBeNull();
  });

  it('stops between messages when its lease is lost, leaving the rest for the next run', async () => {
    sms.delay(30);
    const ids = await backlog(BATCH);
    const controller = new AbortController();
    const run = delivery.retryDue(controller.signal);
    while (!ids.some((id) => sentIds().has(id))) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await run;
    sms.delay(0);
    const after = await statuses(ids);
    expect(after.filter((s) => s === 'SENT').length).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(after.filter((s) => s === 'PENDING').length).toBeGreaterThan(0);
    await delivery.retryDue();
    expect(new Set(await statuses(ids))).toEqual(new Set(['SENT']));
    expect(sms.duplicates()).toEqual([]);
  });
});
