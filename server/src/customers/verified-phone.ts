import type { FieldCipher } from '../privacy/field-cipher';
import { normalizePhone } from '../privacy/normalize-phone';
import type { VerifiedPhone } from './resolve-customer';

/** Prepares a proven phone for resolveCustomer: normalised, hashed for look-up, encrypted at rest. */
export function verifiedPhone(cipher: FieldCipher, phone: string, source: string): VerifiedPhone {
  const normalized = normalizePhone(phone);
  return { phoneHash: cipher.lookupHash(normalized), phoneEncrypted: cipher.encrypt(normalized), source };
}
