/** Phone numbers are hashed for look-up in one canonical form: digits only, without +86 / 86 prefix. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
}
