import { TransactionApprovalConfig } from './transaction-approval.config';

describe('TransactionApprovalConfig', () => {
  it('defaults to 5 minutes idle and 15 minutes in all', () => {
    expect(new TransactionApprovalConfig({})).toMatchObject({ sessionIdleSeconds: 300, sessionMaxSeconds: 900 });
  });

  it('refuses an idle timeout beyond the 5 minutes of RTS Art. 4(3)(d), naming the setting', () => {
    expect(new TransactionApprovalConfig({ TA_SESSION_IDLE_SECONDS: '300' }).sessionIdleSeconds).toBe(300);
    expect(() => new TransactionApprovalConfig({ TA_SESSION_IDLE_SECONDS: '301' })).toThrow(/TA_SESSION_IDLE_SECONDS/);
  });

  it('refuses an absolute lifetime shorter than the idle timeout', () => {
    const settings = { TA_SESSION_IDLE_SECONDS: '120', TA_SESSION_MAX_SECONDS: '60' };
    expect(() => new TransactionApprovalConfig(settings)).toThrow(/TA_SESSION_MAX_SECONDS/);
  });
});
