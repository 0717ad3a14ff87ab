/** How a user's contacts are shown to the user and to back-office callers: enough to recognise, not to harvest. */

/** `jana@example.com` → `j***@example.com`: the first character, the domain in full. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+420777123456` → `+420******456`: the country code and the last three digits. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 4)}${'*'.repeat(phone.length - 7)}${phone.slice(-3)}`;
}
