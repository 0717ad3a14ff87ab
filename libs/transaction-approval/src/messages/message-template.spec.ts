import { TemplateSyntaxError, parseTemplate, renderTemplate, templateVariables } from './message-template';

const render = (template: string, values: Record<string, string>, maxLength?: number) =>
  renderTemplate(parseTemplate(template), values, maxLength);

describe('message template syntax (anchor §1.8)', () => {
  // mtan.payment.message of the anchor's worked example, with its parameters and the SMS it produced.
  const template =
    'Your payment information: Amount: ${currency} ${amount}, Account: ${accountNumber,mid,3,5}. ' +
    'Please confirm with security code: ${TOKEN}.';
  const values = {
    type: 'payment',
    amount: '2000',
    currency: 'EUR',
    accountNumber: 'CH12 3456 7890 1234 5678 9',
    TOKEN: '1234',
  };
  const anchorSms =
    'Your payment information: Amount: EUR 2000, Account: CH1..678 9. Please confirm with security code: 1234.';

  it('renders the worked example exactly when the message must be as short as it can be', () => {
    // The anchor's provider cut the account to its minimum; any limit at or below that length does it.
    expect(render(template, values, anchorSms.length)).toEqual({ text: anchorSms, tooLong: false });
  });

  it('shows every value in full while the text fits', () => {
    expect(render(template, values, 160).text).toBe(
      'Your payment information: Amount: EUR 2000, Account: CH12 3456 7890 1234 5678 9. ' +
        'Please confirm with security code: 1234.',
    );
  });

  it('cuts only as far as needed, keeping both ends of a mid variable', () => {
    const { text } = render(template, values, anchorSms.length + 6);
    expect(text).toContain('Account: CH12 3..4 5678 9.');
    expect(text.length).toBe(anchorSms.length + 6);
  });

  it('reports a text that cannot be shortened enough', () => {
    expect(render(template, values, anchorSms.length - 1)).toEqual({ text: anchorSms, tooLong: true });
  });

  it('left and right keep the documented ends', () => {
    expect(render('${X,left,3}', { X: '1234567890' }, 5).text).toBe('123..');
    expect(render('${X,right,3}', { X: '1234567890' }, 5).text).toBe('..890');
    expect(render('${X}', { X: '1234567890' }, 5)).toEqual({ text: '1234567890', tooLong: true });
  });

  it('never cuts a value that the ellipsis would not make shorter', () => {
    expect(render('${X,left,3}', { X: '12345' }, 1)).toEqual({ text: '12345', tooLong: true });
  });

  it('renders a missing optional value as empty text', () => {
    expect(render('Type: ${type}.', {}).text).toBe('Type: .');
  });

  it('lists the variables and whether they are shortened', () => {
    expect(templateVariables(parseTemplate(template))).toEqual([
      { name: 'currency', shortened: false },
      { name: 'amount', shortened: false },
      { name: 'accountNumber', shortened: true },
      { name: 'TOKEN', shortened: false },
    ]);
  });

  it.each(['${', 'a ${x', '${1x}', '${x,left}', '${x,mid,3}', '${x,up,3}', '${x,left,a}', '${TOKEN,left,2}'])(
    'refuses the malformed template %s',
    (bad) => expect(() => parseTemplate(bad)).toThrow(TemplateSyntaxError),
  );
});
