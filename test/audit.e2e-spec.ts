import { AuditService } from '@app/audit';
import { Transactions } from '@app/core';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

describe('audit trail (/admin/audit-events)', () => {
  let t: TestApp;
  let audit: AuditService;

  beforeAll(async () => {
    t = await startApiServer();
    audit = t.app.get(AuditService);
  });
  afterAll(() => t.close());

  it('lists recorded events newest first, filtered by user, type, subject and time', async () => {
    const start = t.clock.now();
    await audit.record({ type: 'ta.session.selected', subjectType: 'ta-session', subjectId: 's-1', clientId: 'ebank' });
    t.clock.advanceSeconds(1);
    await audit.record({
      type: 'ta.session.code-sent',
      userId: 'u-audit',
      subjectType: 'ta-session',
      subjectId: 's-1',
      data: { channel: 'EMAIL', target: 'j***@example.com' },
    });
    t.clock.advanceSeconds(1);
    await audit.record({ type: 'twofactor.otp.requested', userId: 'u-audit', data: { attempt: 1 } });

    const byUser = await t.http.get('/admin/audit-events?userId=u-audit').set('Authorization', t.adminAuth());
    expect(byUser.status).toBe(200);
    expect(byUser.body.total).toBe(2);
    expect(byUser.body.items.map((e: { type: string }) => e.type)).toEqual([
      'twofactor.otp.requested',
      'ta.session.code-sent',
    ]);
    expect(byUser.body.items[1]).toMatchObject({
      subjectType: 'ta-session',
      subjectId: 's-1',
      data: { channel: 'EMAIL', target: 'j***@example.com' },
      requestId: null, // recorded outside an HTTP request: no request id, no IP
      ip: null,
    });

    const bySubject = await t.http
      .get('/admin/audit-events?subjectType=ta-session&subjectId=s-1&type=ta.session.selected')
      .set('Authorization', t.adminAuth());
    expect(bySubject.body.items).toEqual([expect.objectContaining({ clientId: 'ebank', userId: null })]);

    const from = new Date(start.getTime() + 500).toISOString();
    const to = new Date(start.getTime() + 1500).toISOString();
    const byTime = await t.http.get(`/admin/audit-events?from=${from}&to=${to}`).set('Authorization', t.adminAuth());
    expect(byTime.body.items.map((e: { type: string }) => e.type)).toEqual(['ta.session.code-sent']);
  });

  it('refuses data that would hold a secret, and bad queries', async () => {
    await expect(audit.record({ type: 'x', data: { otpCode: '123456' } })).rejects.toMatchObject({
      code: 'AUDIT_DATA_INVALID',
    });
    const bad = await t.http.get('/admin/audit-events?from=yesterday').set('Authorization', t.adminAuth());
    expect(bad.status).toBe(400);
    // Points in time only: strict ISO 8601 date and time with Z or an offset, real calendar dates.
    for (const query of [
      'from=1',
      'from=March%201',
      'from=2026-03-01',
      'from=2026-12-01%2014:00',
      'from=2026-12-01T14:00:00',
      'from=2026-02-31T00:00:00Z',
      'to=0',
      'to=2026-13-01T00:00:00Z',
    ]) {
      const res = await t.http.get(`/admin/audit-events?${query}`).set('Authorization', t.adminAuth());
      expect([query, res.status]).toEqual([query, 400]);
    }
    for (const query of ['from=2026-03-01T00:00:00Z', 'to=2026-03-01T01:00:00.250%2B01:00']) {
      const res = await t.http.get(`/admin/audit-events?${query}`).set('Authorization', t.adminAuth());
      expect([query, res.status]).toEqual([query, 200]);
    }
    // An unknown filter must not answer the whole trail.
    const unknown = await t.http.get('/admin/audit-events?user=nobody').set('Authorization', t.adminAuth());
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('user');
    const noScope = await t.createClient(['next-step']);
    const denied = await t.http
      .get('/admin/audit-events')
      .set('Authorization', t.basic(noScope.clientId, noScope.secret));
    expect(denied.status).toBe(403);
  });

  it('keeps an event only when the transaction it belongs to commits', async () => {
    const transactions = t.app.get(Transactions);
    await expect(
      transactions.run(async () => {
        await audit.record({ type: 'ta.session.aborted', userId: 'u-rollback' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const res = await t.http.get('/admin/audit-events?userId=u-rollback').set('Authorization', t.adminAuth());
    expect(res.body.total).toBe(0);
  });
});
