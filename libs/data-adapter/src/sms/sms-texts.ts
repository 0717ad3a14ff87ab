/** SMS texts of the sample adapter (spec §4.2); other languages fall back to English. */
const TEXTS: Record<'login' | 'payment', Record<'en' | 'cs', string>> = {
  login: {
    en: 'Authorization code for login is {code}.',
    cs: 'Autorizační kód pro přihlášení je {code}.',
  },
  payment: {
    en: 'Authorization code for payment of {amount} {currency} to account {account} is {code}.',
    cs: 'Autorizační kód pro platbu {amount} {currency} na účet {account} je {code}.',
  },
};

/** `items` are the binding items of the operation (see operationBinding). */
export function smsAuthorizationText(
  operationName: string,
  language: string | null | undefined,
  items: string[],
  code: string,
) {
  const lang = language === 'cs' ? 'cs' : 'en';
  const params: Record<string, string> = operationName.startsWith('login')
    ? { code }
    : { amount: items[0], currency: items[1], account: items[2], code };
  const template = TEXTS[operationName.startsWith('login') ? 'login' : 'payment'][lang];
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '');
}
