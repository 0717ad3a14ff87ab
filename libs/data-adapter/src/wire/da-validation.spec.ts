import { ApiError } from '@app/core';
import { dataAdapterDialect } from './da-dialect';
import { FieldRejections, composeValidationMessage, expandFieldCode } from './da-validation';

describe('Data Adapter validation mechanics (spec §1.4)', () => {
  it('expands a rejected field into the five Spring codes', () => {
    expect(expandFieldCode('login.username.empty', 'requestObject.username')).toEqual([
      'login.username.empty.objectRequest.requestObject.username',
      'login.username.empty.requestObject.username',
      'login.username.empty.username',
      'login.username.empty.java.lang.String',
      'login.username.empty',
    ]);
    expect(expandFieldCode('operationContext.missing', 'requestObject.operationContext')[3]).toBe(
      'operationContext.missing.io.getlime.security.powerauth.lib.dataadapter.model.entity.OperationContext',
    );
    expect(expandFieldCode('consent.invalidRequest', 'requestObject.options')[3]).toBe(
      'consent.invalidRequest.java.util.List',
    );
  });

  it.each([
    [['login.username.empty', 'login.password.empty'], 'login.username.empty login.password.empty'],
    [['login.username.empty', 'login.password.long'], 'login.username.empty login.password.long'],
    [['login.username.empty'], 'login.username.empty'],
    [['login.password.empty', 'login.username.long'], 'login.password.empty login.username.long'],
    [['login.password.empty'], 'login.password.empty'],
    [['login.username.long', 'login.password.long'], 'login.username.long login.password.long'],
    [['login.username.long'], 'login.username.long'],
    [['login.password.long'], 'login.password.long'],
    [['operationContext.missing'], 'login.authenticationFailed'],
    [['login.userId.empty', 'login.password.empty'], 'login.password.empty'],
    [['smsAuthorization.amount.empty'], 'login.authenticationFailed'],
  ])('composes %j as "%s"', (codes, message) => {
    const expanded = codes.flatMap((c) => expandFieldCode(c, `requestObject.${c.split('.')[1]}`));
    expect(composeValidationMessage(expanded)).toBe(message);
  });

  it('keeps rejection order and throws INPUT_INVALID', () => {
    const rejections = new FieldRejections()
      .reject('requestObject.operationContext', 'operationContext.missing')
      .reject('requestObject.username', 'login.username.empty');
    try {
      rejections.throwIfAny();
      throw new Error('expected a validation error');
    } catch (error) {
      const e = error as { code: string; message: string; details: { validationErrors: string[] } };
      expect(e.code).toBe('INPUT_INVALID');
      expect(e.message).toBe('login.username.empty');
      expect(e.details.validationErrors).toHaveLength(10);
      expect(e.details.validationErrors[0]).toBe(
        'operationContext.missing.objectRequest.requestObject.operationContext',
      );
    }
  });

  describe('dialect', () => {
    const base: ApiError = { status: 400, code: 'X', message: 'm', details: {}, fieldErrors: [], requestId: 'r1' };

    it('writes nulls and keeps domain codes', () => {
      const out = dataAdapterDialect.renderError(
        { ...base, code: 'USER_NOT_FOUND', message: 'login.userNotFound' },
        new Date(),
      );
      expect(out).toEqual({
        status: 400,
        body: {
          status: 'ERROR',
          responseObject: {
            code: 'USER_NOT_FOUND',
            message: 'login.userNotFound',
            validationErrors: null,
            remainingAttempts: null,
            errorId: expect.any(String),
          },
        },
      });
    });

    it('maps generic failures to DA codes; a 500 shows only the error id', () => {
      const malformed = dataAdapterDialect.renderError({ ...base, code: 'MALFORMED_BODY' }, new Date());
      expect(malformed.body).toMatchObject({
        responseObject: { code: 'INPUT_INVALID', message: 'error.invalidRequest' },
      });
      const internal = dataAdapterDialect.renderError({ ...base, status: 500, code: 'INTERNAL_ERROR' }, new Date());
      expect(internal).toEqual({
        status: 500,
        body: {
          status: 'ERROR',
          responseObject: {
            code: 'ERROR_GENERIC',
            message: 'Unknown Error',
            validationErrors: null,
            remainingAttempts: null,
            errorId: 'r1',
          },
        },
      });
      const typed = dataAdapterDialect.renderError(
        {
          ...base,
          code: 'VALIDATION_FAILED',
          fieldErrors: [{ path: 'requestObject.username', rule: 'isString', message: 'x' }],
        },
        new Date(),
      );
      expect(typed.body).toMatchObject({
        responseObject: { code: 'INPUT_INVALID', message: 'login.authenticationFailed' },
      });
      expect((typed.body as any).responseObject.validationErrors[0]).toBe(
        'typeMismatch.objectRequest.requestObject.username',
      );
    });
  });
});
