import { maskEmail, maskPhone } from './contact-masking';

describe('contact masking', () => {
  it('keeps the first character and the domain of an e-mail address', () => {
    expect(maskEmail('jana@example.com')).toBe('j***@example.com');
    expect(maskEmail('@example.com')).toBe('***');
  });

  it('keeps the country prefix and the last three digits of a phone number', () => {
    expect(maskPhone('+420777123456')).toBe('+420******456');
    expect(maskPhone('+4201234')).toBe('+420*234');
    expect(maskPhone('+4201')).toBe('*****');
  });
});
