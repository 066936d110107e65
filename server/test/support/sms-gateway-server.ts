import { createHmac } from 'node:crypto';
import { jsonBody, LocalProtocolServer, type ProtocolAnswer, type ProtocolRequest } from '../../../shared/test/support/local-protocol-server';

export interface SentSms {
  tenantId: number;
  phone: string;
  template: string;
  params: Record<string, string>;
}

/**
 * The operator's SMS gateway as the generic HTTP JSON provider meets it: POST /sms/send with
 * `{ tenantId, phone, template, params }`, signed `X-Kefu-Signature: sha256=HMAC(secret, "<timestamp>.<body>")`.
 * Records every correctly signed message (the tests read the code the shopper would get from it)
 * and refuses a bad signature with 401.
 */
export class SmsGatewayServer extends LocalProtocolServer {
  readonly sent: SentSms[] = [];
  rejected = 0;

  constructor(readonly secret: string) {
    super();
  }

  get sendUrl(): string {
    return `${this.url}/sms/send`;
  }

  /** The code in the latest message to this phone. */
  lastCodeFor(phone: string): string {
    const message = [...this.sent].reverse().find((m) => m.phone === phone);
    if (!message) throw new Error(`no SMS was sent to ${phone}`);
    return message.params.code;
  }

  protected answer(request: ProtocolRequest): ProtocolAnswer {
    if (request.method !== 'POST' || request.path !== '/sms/send') return { status: 404, body: { error: 'not found' } };
    const timestamp = String(request.headers['x-kefu-timestamp'] ?? '');
    const expected = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${request.raw}`).digest('hex')}`;
    if (request.headers['x-kefu-signature'] !== expected) {
      this.rejected += 1;
      return { status: 401, body: { error: 'bad signature' } };
    }
    this.sent.push(jsonBody(request.raw) as unknown as SentSms);
    return { status: 200, body: { ok: true } };
  }
}
