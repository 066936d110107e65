import type { RunningKefu } from '../../src/boot';
import { LocalLarkServer, larkEventRequest, larkV2Event } from '../../../adapters/lark/test/support/local-lark-server';

export const LARK_APP = { appId: 'cli_kefu_desk', appSecret: 'desk-secret' };
export const ENCRYPT_KEY = 'desk-encrypt-key';
export const VERIFICATION_TOKEN = 'desk-verification-token';
export const AGENT_CHAT = 'oc_agents_group';

/** A console caller: logs in through the real API and sends JSON with its token. */
export async function consoleAs(kefu: RunningKefu, email: string, password: string) {
  const login = await fetch(`${kefu.url}/api/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantKey: 'demo', email, password }) });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${kefu.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown> };
  };
}

/** Connects the demo merchant's Lark app (pointed at the local Lark server) through the console API. */
export async function connectLarkDesk(kefu: RunningKefu, lark: LocalLarkServer, extraConfig: Record<string, unknown> = {}): Promise<number> {
  const owner = await consoleAs(kefu, 'owner@demo.kefu', 'demo-owner-pass');
  const created = await owner('POST', '/api/console/channel-accounts', {
    platform: 'lark',
    appId: LARK_APP.appId,
    name: '客服飞书群',
    config: { ...LARK_APP, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, agentChatId: AGENT_CHAT, apiBaseUrl: lark.url, ...extraConfig },
  });
  if (created.status !== 201) throw new Error(`lark account not created: ${created.status} ${JSON.stringify(created.body)}`);
  return (created.body.channelAccount as { id: number }).id;
}

/** Lark delivering one event to our webhook: encrypted, signed, as Lark sends it. */
export async function deliverLarkEvent(kefu: RunningKefu, accountId: number, eventType: string, event: Record<string, unknown>, eventId?: string) {
  const envelope = larkV2Event(eventType, event, VERIFICATION_TOKEN, eventId);
  const { headers, body } = larkEventRequest(envelope, ENCRYPT_KEY);
  const response = await fetch(`${kefu.url}/webhooks/lark/${accountId}`, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text(), eventId: (envelope.header as { event_id: string }).event_id };
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
