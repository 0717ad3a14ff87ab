import { checkMessageParameters, linkedValues } from './message-parameters';
import { flowProblems } from './flow-rules';
import { FlowDefinition, FlowParameter, flowDefaults, pickMessage } from './flow.types';

const PARAMETERS: FlowParameter[] = [
  { name: 'accountNumber', kind: 'ACCOUNT', required: true, linked: true },
  { name: 'amount', kind: 'AMOUNT', required: true, linked: true },
  { name: 'currency', kind: 'CURRENCY', required: true, linked: true },
  { name: 'type', kind: 'TEXT', required: false, linked: false },
];

const flow = (changes: Partial<FlowDefinition> = {}): FlowDefinition => ({
  ...flowDefaults('MTAN'),
  flowId: 'f-1',
  method: 'MTAN',
  parameters: PARAMETERS,
  messages: { en: { default: { text: 'Pay ${amount} ${currency} to ${accountNumber}: ${TOKEN}' } } },
  ...changes,
});
const paths = (f: FlowDefinition) => flowProblems(f).map((p) => p.path);

describe('flow rules', () => {
  it('accepts a valid flow', () => {
    expect(flowProblems(flow())).toEqual([]);
  });

  it('refuses bad limits, methods and parameters', () => {
    expect(paths(flow({ otpLength: 5, otpValiditySeconds: 601, maxWrongOtpChecks: -1 }))).toEqual([
      'maxWrongOtpChecks',
      'otpLength',
      'otpValiditySeconds',
    ]);
    expect(paths(flow({ method: 'FAX' as never }))).toContain('method');
    expect(paths(flow({ parameters: [...PARAMETERS, PARAMETERS[0]] }))).toEqual(['parameters.4.name']);
    expect(paths(flow({ parameters: [{ ...PARAMETERS[0], name: 'TOKEN' }, ...PARAMETERS.slice(1)] }))).toContain(
      'parameters.0.name',
    );
  });

  it('refuses templates without the code, with unknown or shortened linked variables', () => {
    const text = (t: string) => paths(flow({ messages: { en: { default: { text: t } } } }));
    expect(text('Pay ${amount}')).toEqual(['messages.en.default.text']);
    expect(text('Pay ${amount,left,3} ${TOKEN}')).toEqual(['messages.en.default.text']);
    expect(text('Pay ${payee} ${TOKEN}')).toEqual(['messages.en.default.text']);
    expect(text('Pay ${type,left,3} ${TOKEN}')).toEqual([]);
    expect(paths(flow({ messages: { cs: { default: { text: '${TOKEN}' } } } }))).toEqual(['messages.en.default']);
  });

  it('refuses message fields other than subject and text, and messages that are not objects', () => {
    const text = 'Pay ${amount}: ${TOKEN}';
    expect(paths(flow({ messages: { en: { default: { text, junk: 'stored?' } as never } } }))).toEqual([
      'messages.en.default.junk',
    ]);
    expect(paths(flow({ messages: { en: { default: { text }, other: 'x' as never } } }))).toEqual([
      'messages.en.other',
    ]);
    expect(paths(flow({ messages: { en: { default: { text } }, de: ['x'] as never } }))).toEqual(['messages.de']);
  });

  it('needs an e-mail subject and no code in a push message', () => {
    expect(paths(flow({ method: 'EMAIL_OTP' }))).toEqual(['messages.en.default.subject']);
    expect(paths(flow({ method: 'PUSH' }))).toEqual(['messages.en.default.text']);
  });

  it('picks the message by language and type, falling back to the default and to English', () => {
    const messages = {
      en: { default: { text: 'en' }, payment: { text: 'en-payment' } },
      cs: { default: { text: 'cs' } },
    };
    expect(pickMessage(messages, 'cs', 'payment')?.text).toBe('cs');
    expect(pickMessage(messages, 'de', 'payment')?.text).toBe('en-payment');
    expect(pickMessage(messages, 'en', 'constructor')?.text).toBe('en');
  });
});

describe('messageParameters', () => {
  const check = (input: Record<string, unknown>) => checkMessageParameters(PARAMETERS, input);
  const ok = { accountNumber: 'CH12 3456 7890', amount: '9999.50', currency: 'CHF' };

  it('accepts values of their kind and links the linked ones', () => {
    const { values, problems } = check({ ...ok, type: 'payment' });
    expect(problems).toEqual([]);
    expect(linkedValues(PARAMETERS, values)).toEqual(ok);
  });

  it.each([
    [{ ...ok, amount: 9999 }, 'messageParameters.amount'],
    [{ ...ok, amount: '0' }, 'messageParameters.amount'],
    [{ ...ok, amount: '1,5' }, 'messageParameters.amount'],
    [{ ...ok, currency: 'chf' }, 'messageParameters.currency'],
    [{ ...ok, currency: 'ABC' }, 'messageParameters.currency'],
    [{ ...ok, accountNumber: 'CH12;DROP' }, 'messageParameters.accountNumber'],
    [{ ...ok, extra: '1' }, 'messageParameters.extra'],
    [{ amount: '1', currency: 'CHF' }, 'messageParameters.accountNumber'],
  ])('refuses %j at %s', (input, path) => {
    expect(check(input).problems.map((p) => p.path)).toEqual([path]);
  });
});
