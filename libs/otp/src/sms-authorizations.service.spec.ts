import { LoggerService } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Clock, KeyedHasher, SERVER_KEY, Transactions } from '@app/core';
import { FakeClock } from '@app/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { OtpConfig } from './otp.config';
import { SmsAuthorization } from './sms-authorization.entity';
import { SmsAuthorizationsService } from './sms-authorizations.service';
import { smsAuthorizationText } from './sms-texts';

/** Every log call, serialized, so a test can look for secrets in it. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private capture = (...args: unknown[]) => void this.lines.push(JSON.stringify(args));
  log = this.capture;
  error = this.capture;
  warn = this.capture;
  debug = this.capture;
  verbose = this.capture;
  fatal = this.capture;
}

describe('SmsAuthorizationsService', () => {
  let module: TestingModule;
  let service: SmsAuthorizationsService;
  let rows: Repository<SmsAuthorization>;
  const clock = new FakeClock();
  const logs = new CapturingLogger();
  const binding = {
    userId: 'u1',
    operationId: 'op-1',
    operationName: 'authorize_payment',
    items: ['100', 'CZK', '238400856/0300'],
  };

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          type: 'better-sqlite3',
          database: ':memory:',
          entities: [SmsAuthorization],
          synchronize: true,
        }),
        TypeOrmModule.forFeature([SmsAuthorization]),
      ],
      providers: [
        Transactions,
        KeyedHasher,
        { provide: SERVER_KEY, useValue: randomBytes(32) },
        { provide: Clock, useValue: clock },
        { provide: OtpConfig, useValue: new OtpConfig({}) },
        SmsAuthorizationsService,
      ],
    }).compile();
    module.useLogger(logs);
    await module.init();
    service = module.get(SmsAuthorizationsService);
    rows = module.get(getRepositoryToken(SmsAuthorization));
  });
  afterAll(() => module.close());

  it('stores neither the code nor the text, and logs neither', async () => {
    const issued = await service.issue({ binding, organizationId: 'RETAIL' });
    if (!issued.issued) throw new Error('expected a code');
    expect(issued.code).toMatch(/^\d{8}$/);
    const text = smsAuthorizationText(binding.operationName, 'en', binding.items, issued.code);
    const row = await rows.findOneByOrFail({ messageId: issued.messageId });
    expect(JSON.stringify(row)).not.toContain(issued.code);
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);

    const wrong = String((Number(issued.code) + 1) % 1e8).padStart(8, '0');
    expect(await service.verify({ messageId: issued.messageId, code: wrong, binding })).toMatchObject({
      result: 'FAILED',
      remainingAttempts: 4,
    });
    expect(
      await service.verifyForSecondFactor({ messageId: issued.messageId, code: issued.code, binding }),
    ).toMatchObject({
      result: 'SUCCEEDED',
    });
    expect(await service.consume(issued.messageId)).toBe(true);
    expect(await service.consume(issued.messageId)).toBe(false);

    const logged = logs.lines.join('\n');
    expect(logged).toContain(issued.messageId);
    for (const secret of [issued.code, wrong, text]) expect(logged).not.toContain(secret);
  });

  it('replaces the previous code of the operation on a resend and invalidates codes of an ended operation', async () => {
    const other = { ...binding, operationId: 'op-2' };
    const first = await service.issue({ binding: other, organizationId: null });
    expect(await service.issue({ binding: other, organizationId: null })).toEqual({
      issued: false,
      reason: 'RESEND_TOO_EARLY',
    });
    clock.advanceSeconds(60);
    const second = await service.issue({ binding: other, organizationId: null });
    if (!first.issued || !second.issued) throw new Error('expected codes');
    expect(await service.verify({ messageId: first.messageId, code: first.code, binding: other })).toMatchObject({
      errorMessage: 'smsAuthorization.expired',
    });
    expect(await service.invalidateOperation('op-2')).toBe(1);
    expect(await service.verify({ messageId: second.messageId, code: second.code, binding: other })).toMatchObject({
      errorMessage: 'smsAuthorization.expired',
    });
  });

  it('deletes rows a day after their expiry', async () => {
    const count = await rows.count();
    clock.advanceSeconds(86_400 + 400);
    const fresh = await service.issue({ binding: { ...binding, operationId: 'op-3' }, organizationId: null });
    expect(fresh.issued).toBe(true);
    expect(await service.purgeExpired()).toBe(count);
    expect(await rows.count()).toBe(1);
    clock.advanceSeconds(86_400 + 301);
    expect(await service.purgeExpired()).toBe(1);
  });
});
