import { LogCapture } from '@app/testing';
import { QueryFailedError } from 'typeorm';
import { ConfigError } from '../config/config-error';
import { PinoLoggerService, createRootLogger, requestContext } from './logger';

describe('logging', () => {
  const setup = () => {
    const capture = new LogCapture();
    return { capture, logger: new PinoLoggerService(createRootLogger({ logLevel: 'debug' }, capture)) };
  };

  it('redacts secret fields at any logged depth', () => {
    const { capture, logger } = setup();
    logger.log(
      {
        password: 'p4ss',
        user: { otp: '12345678', profile: { authorizationCode: '87654321', token: 'tok' } },
        secret: 's',
      },
      'checked',
      'Ctx',
    );
    const text = capture.text();
    for (const secret of ['p4ss', '12345678', '87654321', '"tok"', '"s"']) expect(text).not.toContain(secret);
    expect(capture.entries()[0]).toMatchObject({ msg: 'checked', context: 'Ctx', password: '[REDACTED]' });
  });

  it('redacts in arrays, errors and deep fields without changing the logged objects', () => {
    const { capture, logger } = setup();
    const fields = {
      items: [{ token: 'arr-tok' }, 'plain'],
      a: { b: { c: { d: { e: { password: 'deep-pw' } } } } },
      when: new Date(0),
    };
    const before = JSON.stringify(fields);
    logger.log(fields, 'nested');
    // A class that writes its own JSON: what it writes is searched.
    const card = { number: 'x', toJSON: () => ({ holder: { secret: 'json-secret' } }) };
    logger.log({ card }, 'own json');
    const failure = Object.assign(new Error('no'), { clientSecret: 'err-secret', cause: { otp: 'cause-otp' } });
    logger.error({ err: failure }, 'failed');
    const text = capture.text();
    for (const secret of ['arr-tok', 'deep-pw', 'json-secret', 'err-secret', 'cause-otp'])
      expect(text).not.toContain(secret);
    expect(capture.entries()[0]).toMatchObject({
      items: [{ token: '[REDACTED]' }, 'plain'],
      when: new Date(0).toISOString(),
    });
    expect(capture.entries()[1]).toMatchObject({ card: { holder: { secret: '[REDACTED]' } } });
    expect(capture.entries()[2]).toMatchObject({ err: { message: 'no', clientSecret: '[REDACTED]' } });
    expect(JSON.stringify(fields)).toBe(before);
    expect(failure.clientSecret).toBe('err-secret');
  });

  it('logs database errors without their statement, bound values or driver error', () => {
    const { capture, logger } = setup();
    const driverError = Object.assign(new Error("Data too long for column 'formData'"), {
      code: 'ER_DATA_TOO_LONG',
      sql: 'UPDATE ns_operation SET formData = \'{"userInput":"FORM-SECRET"}\'',
    });
    const failure = new QueryFailedError(
      'UPDATE ns_operation SET formData = ?',
      ['{"userInput":"FORM-SECRET"}'],
      driverError,
    );
    logger.error({ err: failure }, 'Unexpected error');
    const line = capture.entries()[0] as { err: Record<string, unknown> };
    expect(capture.text()).not.toContain('FORM-SECRET');
    expect(line.err).toMatchObject({ type: 'QueryFailedError', code: 'ER_DATA_TOO_LONG' });
    for (const field of ['query', 'parameters', 'sql', 'driverError']) expect(line.err).not.toHaveProperty(field);
  });

  it('prints a configuration error to stderr even when logging is silent', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const capture = new LogCapture();
      const logger = new PinoLoggerService(createRootLogger({ logLevel: 'silent' }, capture));
      const error = new ConfigError('MAIL_FROM', 'is required with SMTP_URL');
      logger.error(error, 'ExceptionHandler'); // how Nest reports a provider that threw at start
      logger.error(error, 'ExceptionHandler');
      expect(capture.lines).toEqual([]);
      expect(write.mock.calls.map((c) => c[0])).toEqual([
        'Invalid configuration: MAIL_FROM is required with SMTP_URL\n',
      ]);
      logger.error(new Error('not a config error'), 'ExceptionHandler');
      expect(write).toHaveBeenCalledTimes(1);
    } finally {
      write.mockRestore();
    }
  });

  it('adds the current request id to every line', () => {
    const { capture, logger } = setup();
    requestContext.run({ requestId: 'req-1' }, () => logger.warn('inside', 'Ctx'));
    logger.warn('outside', 'Ctx');
    expect(capture.entries().map((e) => e.requestId)).toEqual(['req-1', undefined]);
  });

  it('logs errors with their stack under err', () => {
    const { capture, logger } = setup();
    logger.error({ err: new Error('boom') }, 'failed', 'Ctx');
    expect((capture.entries()[0].err as { stack: string }).stack).toContain('Error: boom');
  });
});
