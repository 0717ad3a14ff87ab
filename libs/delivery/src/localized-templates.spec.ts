import { LocalizedTemplates } from './localized-templates';

describe('LocalizedTemplates', () => {
  const templates = new LocalizedTemplates<'otp' | 'only-en'>({
    en: { otp: 'Code {code} for {amount}', 'only-en': 'English {x}' },
    cs: { otp: 'Kód {code} pro {amount}' } as Record<'otp' | 'only-en', string>,
  });

  it('renders the language asked for, with parameters', () => {
    expect(templates.render('otp', 'cs', { code: '12345678', amount: '100 CZK' })).toBe('Kód 12345678 pro 100 CZK');
    expect(templates.render('otp', 'en', { code: '1', amount: '2' })).toBe('Code 1 for 2');
  });

  it('matches a regional tag by its language and falls back to en', () => {
    expect(templates.render('otp', 'cs-CZ', { code: '1', amount: '2' })).toBe('Kód 1 pro 2');
    expect(templates.render('otp', 'de', { code: '1', amount: '2' })).toBe('Code 1 for 2');
    expect(templates.render('otp', null, { code: '1', amount: '2' })).toBe('Code 1 for 2');
    expect(templates.render('only-en', 'cs', { x: 'y' })).toBe('English y');
  });

  it('leaves unknown placeholders and does not interpret parameter values', () => {
    expect(templates.render('otp', 'en', { code: '{amount}' })).toBe('Code {amount} for {amount}');
  });
});
