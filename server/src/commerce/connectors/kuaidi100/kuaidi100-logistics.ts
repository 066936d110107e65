import { z } from 'zod';
import { ConnectorResponseError, type ResilientEndpoint } from '../resilient-call';
import type { LogisticsConnector, TrackingEvent } from '../connector-types';
import { guardedFetch } from '../../../network/guarded-fetch';
import { companyCode, KUAIDI100_DEFAULT_BASE_URL, parseBeijingTime, signQuery, trackingStateFromKuaidi100, type Kuaidi100QueryAnswer } from './kuaidi100-protocol';

export const kuaidi100ConfigSchema = z.object({
  customer: z.string().min(1),
  key: z.string().min(1),
  baseUrl: z.url().default(KUAIDI100_DEFAULT_BASE_URL),
  timeoutMs: z.number().int().min(100).max(30_000).default(3000),
  /** Where Kuaidi100 pushes updates for subscribed waybills, and the salt it signs them with. */
  callbackUrl: z.url().optional(),
  salt: z.string().min(1).optional(),
});
export type Kuaidi100Config = z.infer<typeof kuaidi100ConfigSchema>;

/** Real-time tracking and subscription through Kuaidi100, behind timeout, retry and breaker. */
export class Kuaidi100Logistics implements LogisticsConnector {
  constructor(private readonly config: Kuaidi100Config, private readonly endpoint: ResilientEndpoint) {}

  async track(input: { carrier: string; trackingNo: string; phone?: string | null }): Promise<TrackingEvent[]> {
    const query: Record<string, string> = { com: companyCode(input.carrier), num: input.trackingNo, resultv2: '1' };
    // SF and some others require the last four digits of the recipient's phone.
    if (input.phone) query.phone = input.phone.replace(/\D/g, '').slice(-4);
    const param = JSON.stringify(query);
    const form = new URLSearchParams({ customer: this.config.customer, sign: signQuery(param, this.config.key, this.config.customer), param });
    const answer = await this.post<Kuaidi100QueryAnswer>('read', '/poll/query.do', form);
    if (answer.message !== 'ok' || !Array.isArray(answer.data)) {
      // "查询无结果" is an answer (no events yet); anything else is the service refusing us.
      if (answer.returnCode === '500' || answer.message?.includes('无结果')) return [];
      throw new ConnectorResponseError('kuaidi100', `query refused: ${answer.returnCode ?? answer.status ?? ''} ${answer.message ?? ''}`.trim());
    }
    return answer.data.map((item) => ({ at: parseBeijingTime(item.ftime ?? item.time), state: trackingStateFromKuaidi100(item.statusCode ?? answer.state), text: item.context }));
  }

  /** Pushes need both: where to send them and the salt that proves they came from Kuaidi100. */
  canSubscribe(): boolean {
    return Boolean(this.config.callbackUrl && this.config.salt);
  }

  /** Asks Kuaidi100 to push every change of this waybill to our callback. */
  async subscribe(input: { carrier: string; trackingNo: string; phone?: string | null }): Promise<void> {
    if (!this.config.callbackUrl || !this.config.salt) throw new ConnectorResponseError('kuaidi100', 'subscription needs callbackUrl and salt');
    const parameters: Record<string, string> = { callbackurl: this.config.callbackUrl, salt: this.config.salt, resultv2: '1' };
    if (input.phone) parameters.phone = input.phone.replace(/\D/g, '').slice(-4);
    const param = JSON.stringify({ company: companyCode(input.carrier), number: input.trackingNo, key: this.config.key, parameters });
    const answer = await this.post<{ result?: boolean; returnCode?: string; message?: string }>('write', '/poll', new URLSearchParams({ schema: 'json', param }));
    // 501 is "already subscribed": the same request again, which is fine.
    if (!answer.result && answer.returnCode !== '501') throw new ConnectorResponseError('kuaidi100', `subscribe refused: ${answer.returnCode ?? ''} ${answer.message ?? ''}`.trim());
  }

  private post<T>(kind: 'read' | 'write', path: string, form: URLSearchParams): Promise<T> {
    const url = this.config.baseUrl.replace(/\/$/, '') + path;
    return this.endpoint.call(kind, async (signal) => {
      const response = await guardedFetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal });
      if (response.status >= 500) throw new Error(`HTTP ${response.status}`);
      const text = await response.text();
      if (response.status >= 400) throw new ConnectorResponseError('kuaidi100', `HTTP ${response.status}`);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new ConnectorResponseError('kuaidi100', 'answer is not JSON');
      }
    });
  }
}
