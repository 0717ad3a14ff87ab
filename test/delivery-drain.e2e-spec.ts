import { DataSource } from 'typeorm';
import { Metrics } from '@app/core';
import { DeliveryService } from '@app/delivery';
import { SmsGatewaySink, TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

const BATCH = 40;
const CONCURRENCY = 4;
const RETRY_BASE_SECONDS = 10;

interface Row {
  messageId: string;
  status: string;
  text: string | null;
  attemptStartedAt: unknown;
}

describe('outbox draining by the retry job', () => {
  let t: TestApp;
  let sms: SmsGatewaySink;
  let delivery: DeliveryService;
  let metrics: Metrics;
  let db: DataSource;

  /** Messages that failed once while the gateway was down and are due again now. */
  const backlog = async (count: number, expiresInSeconds = 300): Promise<string[]> => {
    await sms.goDown();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const expiresAt = new Date(t.clock.now().getTime() + expiresInSeconds * 1000);
      const result = await delivery.sendNow({
        channel: 'SMS',
        recipient: '+420777123456',
        text: `code ${i}`,
        expiresAt,
      });
      expect(result.status).toBe('FAILED');
      ids.push(result.messageId);
    }
    await sms.comeBack();
    t.clock.advanceSeconds(RETRY_BASE_SECONDS);
    return ids;
  };
  const rows = async (ids: string[]): Promise<Row[]> => {
    const all: Row[] = await db.query('SELECT messageId, status, text, attemptStartedAt FROM outbox_message');
    const byId = new Map(all.map((r) => [r.messageId, r]));
    return ids.map((id) => byId.get(id)!);
  };
  const statuses = async (ids: string[]) => (await rows(ids)).map((r) => r.status);
  const sentIds = () => new Set(sms.messages.map((m) => m.messageId));
  /** The value of a counter of the metrics endpoint, summed over the series matching `labels`. */
  const counter = async (name: string, labels: Record<string, string>): Promise<number> => {
    const { values } = await metrics.registry.getSingleMetric(name)!.get();
    const matches = values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
    return matches.reduce((sum, v) => sum + v.value, 0);
  };
  const expiredSms = () => counter('stepwise_delivery_given_up_total', { channel: 'SMS', status: 'EXPIRED' });
  const duplicateSms = () => counter('stepwise_delivery_possible_duplicates_total', { channel: 'SMS' });

  beforeAll(async () => {
    sms = await SmsGatewaySink.start();
    t = await startApiServer({
      env: {
        SMS_GATEWAY_URL: sms.url,
        DELIVERY_SEND_TIMEOUT_MS: '2000',
        DELIVERY_RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS),
        DELIVERY_RETRY_BATCH_SIZE: String(BATCH),
        DELIVERY_RETRY_CONCURRENCY: String(CONCURRENCY),
      },
    });
    delivery = t.app.get(DeliveryService);
    metrics = t.app.get(Metrics);
    db = t.app.get(DataSource);
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
    const before = await expiredSms();
    const expired = await backlog(3, RETRY_BASE_SECONDS + 1); // still PENDING after its failure, expired once due
    const live = await backlog(2);
    await delivery.retryDue();
    expect(await statuses(expired)).toEqual(['EXPIRED', 'EXPIRED', 'EXPIRED']);
    expect(await statuses(live)).toEqual(['SENT', 'SENT']);
    const sent = sentIds();
    expect(expired.some((id) => sent.has(id))).toBe(false);
    expect((await expiredSms()) - before).toBe(3);
    expect((await rows(expired)).map((r) => r.text)).toEqual([null, null, null]);
  });

  it('counts a resend after an attempt with unknown outcome as a possible duplicate, keyed by messageId', async () => {
    const before = await duplicateSms();
    // The process died after handing this message to the gateway, before recording the answer.
    const [orphan, plain] = await backlog(2);
    await db
      .createQueryBuilder()
      .update('outbox_message')
      .set({ attemptStartedAt: new Date(t.clock.now().getTime() - 6000) })
      .where({ messageId: orphan })
      .execute();
    await delivery.retryDue();
    expect(await statuses([orphan, plain])).toEqual(['SENT', 'SENT']);
    expect((await duplicateSms()) - before).toBe(1);
    const keyOf = (id: string) => sms.idempotencyKeys[sms.messages.findIndex((m) => m.messageId === id)];
    expect([keyOf(orphan), keyOf(plain)]).toEqual([orphan, plain]);
    expect(t.logs.text()).toContain(orphan);
    expect((await rows([orphan]))[0].attemptStartedAt).toBeNull();
  });

  it('counts a resend after a timed-out attempt as a possible duplicate', async () => {
    const before = await duplicateSms();
    // No answer in time: the gateway may have taken the message all the same.
    sms.hang(true);
    const expiresAt = new Date(t.clock.now().getTime() + 300_000);
    const timedOut = await delivery.sendNow({ channel: 'SMS', recipient: '+420777123456', text: 'code', expiresAt });
    sms.hang(false);
    expect(timedOut.status).toBe('FAILED');
    t.clock.advanceSeconds(RETRY_BASE_SECONDS);
    await delivery.retryDue();
    expect(await statuses([timedOut.messageId])).toEqual(['SENT']);
    expect((await duplicateSms()) - before).toBe(1);
    const warning = t.logs
      .text()
      .split('\n')
      .find((l) => l.includes('possible duplicate') && l.includes(timedOut.messageId));
    expect(warning).toBeDefined();
  });

  it('stops between messages when its lease is lost, leaving the rest for the next run', async () => {
    sms.delay(100);
    const ids = await backlog(BATCH);
    const controller = new AbortController();
    const run = delivery.retryDue(controller.signal);
    while (!ids.some((id) => sentIds().has(id))) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await run;
    sms.delay(0);
    const after = await statuses(ids);
    expect(after.filter((s) => s === 'SENT').length).toBeLessThan(BATCH);
    expect(after.filter((s) => s === 'PENDING').length).toBeGreaterThan(0);
    // The next run comes a tick later: past any backoff or in-flight mark the stopped run left.
    t.clock.advanceSeconds(30);
    await delivery.retryDue();
    expect(new Set(await statuses(ids))).toEqual(new Set(['SENT']));
    expect(sms.duplicates()).toEqual([]);
  });
});
