/** One text message through the operator's SMS gateway: a template and its parameters, never free text. */
export interface SmsMessage {
  tenantId: number;
  /** Mainland mobile number, digits only. */
  phone: string;
  template: string;
  params: Record<string, string>;
}

/**
 * The SMS provider seam. The generic HTTP JSON gateway (http-json-sms-sender.ts) is the one concrete
 * provider; Aliyun (dysmsapi SendSms) or Tencent Cloud (sms SendSms) adapters would implement this
 * same interface and be picked in sms-sender.ts by configuration. Implementations must never log
 * `params`: they carry codes.
 */
export interface SmsSender {
  send(message: SmsMessage): Promise<void>;
}

/** The gateway failed or refused; the message says which without echoing what was sent. */
export class SmsUnavailableError extends Error {}
