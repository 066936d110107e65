import type { KefuConfig } from '@kefu/shared';
import { HttpJsonSmsSender } from './http-json-sms-sender';
import type { SmsSender } from './sms-provider';

export { SmsUnavailableError, type SmsMessage, type SmsSender } from './sms-provider';

/** The deployment's SMS provider, or null when none is configured (anonymous writes then need a sign-in). */
export function smsSenderFor(config: KefuConfig): SmsSender | null {
  if (!config.SMS_PROVIDER_URL || !config.SMS_SIGNING_SECRET) return null;
  return new HttpJsonSmsSender(config.SMS_PROVIDER_URL, config.SMS_SIGNING_SECRET);
}
