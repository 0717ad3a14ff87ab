import { DataAdapterConfig } from '../data-adapter.config';
import { validateAuthentication, validateConsent, validateLookup, validateSmsCreate } from './validators';

const v023 = new DataAdapterConfig({ DATA_ADAPTER_LIMITS: '0.23' }).limits;
const v024 = new DataAdapterConfig({}).limits;
const ctx = { id: 'op', name: 'login' };

function messageOf(run: () => unknown): { message: string; codes: string[] } | null {
  try {
    run();
    return null;
  } catch (error) {
    const e = error as { message: string; details: { validationErrors: string[] } };
    // every 5th entry of the expansion is the bare code
    return { message: e.message, codes: e.details.validationErrors.filter((_, i) => i % 5 === 4) };
  }
}

describe('Data Adapter request validators', () => {
  it('applies the 0.23 limits when configured and the 0.24 limits by default', () => {
    const lookup = (username: string, limits = v024) =>
      messageOf(() => validateLookup({ username, organizationId: 'RETAIL', operationContext: ctx }, limits));
    expect(lookup('u'.repeat(31), v023)?.message).toBe('login.username.long');
    expect(lookup('u'.repeat(31))).toBeNull();
    expect(lookup('u'.repeat(41))?.message).toBe('login.username.long');
    const authenticate = (password: string, limits = v024) =>
      messageOf(() =>
        validateAuthentication(
          { userId: 'u1', organizationId: 'RETAIL', password, operationContext: ctx, authenticationContext: null },
          limits,
        ),
      );
    expect(authenticate('p'.repeat(31), v023)?.message).toBe('login.password.long');
    expect(authenticate('p'.repeat(128))).toBeNull();
  });

  it('collects every rejected field in the sample adapter’s order', () => {
    expect(
      messageOf(() =>
        validateAuthentication({ userId: ' ', organizationId: '', password: '', operationContext: null }, v024),
      ),
    ).toEqual({
      message: 'login.password.empty',
      codes: ['operationContext.missing', 'login.userId.empty', 'login.password.empty', 'login.organizationId.empty'],
    });
  });

  it('checks consent requests field by field', () => {
    const bare = (() => {
      try {
        validateConsent({ userId: null, operationContext: { name: '' } }, { lang: true, options: true }, v024);
      } catch (error) {
        return (error as { details: { validationErrors: string[] } }).details.validationErrors.filter(
          (_, i) => i % 5 === 0,
        );
      }
    })();
    expect(bare).toEqual([
      'consent.invalidRequest.objectRequest.requestObject.userId',
      'consent.invalidRequest.objectRequest.requestObject.operationContext.name',
      'consent.invalidRequest.objectRequest.requestObject.lang',
      'consent.invalidRequest.objectRequest.requestObject.options',
    ]);
  });

  it('returns the binding items of a valid SMS request', () => {
    expect(validateSmsCreate({ userId: null, operationContext: { id: 'op', name: 'login_sca' } }, v024)).toEqual([
      'login_sca',
    ]);
    expect(
      messageOf(() => validateSmsCreate({ operationContext: { id: 'op', name: 'x'.repeat(33) } }, v024))?.message,
    ).toBe('login.authenticationFailed');
  });
});
