import { createHmac } from 'node:crypto';
import { SmsUnavailableError, type SmsMessage, type SmsSender } from './sms-provider';

const TIMEOUT_MS = 5000;

/**
 * A generic SMS gateway: POST `{ tenantId, phone, template, params }` as JSON (the tenant lets one
 * gateway pick each merchant's SMS signature) to the configured URL, signed so
 * the gateway can tell the request is ours and fresh: `X-Kefu-Timestamp` (unix seconds) and
 * `X-Kefu-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Any 2xx is accepted.
 * No redirects (a redirect could carry the code elsewhere) and no response text in errors.
 */
export class HttpJsonSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const body = JSON.stringify({ tenantId: message.tenantId, phone: message.phone, template: message.template, params: message.params });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.secret).update(`${timestamp}.${body}`).digest('hex');
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kefu-timestamp': timestamp, 'x-kefu-signature': `sha256=${signature}` },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new SmsUnavailableError(`SMS gateway unreachable: ${(error as Error).name}`);
    }
    await response.body?.cancel();
    if (response.status < 200 || response.status >= 300) throw new SmsUnavailableError(`SMS gateway answered HTTP ${response.status}`);
  }
}
