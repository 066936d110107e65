import { textOnlyPart, type RenderedOutbound, type ProtocolDeliveryResult, type SendContext } from '@kefu/shared';
import type { XiaohongshuConfig } from './config';

const EXPIRY_MARGIN_SECONDS = 300;
/** WeChat's codes for an expired or invalid token, assumed for the configured WeChat-style API. */
const TOKEN_INVALID_CODES = new Set([40001, 40014, 42001]);
/** WeChat's "system busy" and frequency limit: worth retrying later. */
const RETRYABLE_CODES = new Set([-1, 45009]);

class SendFailure extends Error {
  constructor(readonly result: Extract<ProtocolDeliveryResult, { status: 'failed' }>) {
    super(result.reason);
  }
}

async function getJson(fetcher: typeof fetch, url: URL, init?: RequestInit): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetcher(url, init);
  } catch (error) {
    throw new SendFailure({ status: 'failed', retryable: true, reason: `${url.pathname} unreachable: ${(error as Error).message}` });
  }
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!body) throw new SendFailure({ status: 'failed', retryable: response.status >= 500 || response.status === 429, code: `http_${response.status}`, reason: `${url.pathname} answered HTTP ${response.status} without JSON` });
  return body;
}

async function accessToken(context: SendContext<XiaohongshuConfig>, tokenPath: string, rejected?: string): Promise<string> {
  const { config, cache } = context;
  const key = `xiaohongshu:access-token:${config.appId}`;
  const cached = await cache.get(key);
  if (cached && cached !== rejected) return cached;
  return cache.withLock(`${key}:refresh`, 30, async () => {
    const current = await cache.get(key);
    if (current && current !== rejected) return current;
    const url = new URL(tokenPath, config.apiBaseUrl);
    url.searchParams.set('grant_type', 'client_credential');
    url.searchParams.set('appid', config.appId);
    url.searchParams.set('secret', config.appSecret ?? '');
    const body = await getJson(context.fetch, url);
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || !Number.isFinite(expiresIn)) {
      const code = Number(body.errcode);
      throw new SendFailure({ status: 'failed', retryable: RETRYABLE_CODES.has(code), code: String(body.errcode ?? 'no_token'), reason: `token refused: ${String(body.errcode ?? '')} ${String(body.errmsg ?? '')}`.trim() });
    }
    await cache.set(key, token, Math.max(60, expiresIn - EXPIRY_MARGIN_SECONDS));
    return token;
  });
}

/**
 * Sends through the merchant's configured send API. Without one there is nothing documented to
 * call, so the reply fails permanently and says why instead of pretending to deliver.
 */
export async function sendXiaohongshuMessage(message: RenderedOutbound, context: SendContext<XiaohongshuConfig>): Promise<ProtocolDeliveryResult> {
  const { sendApi } = context.config;
  if (!sendApi) return { status: 'failed', retryable: false, code: 'send_api_not_configured', reason: 'Xiaohongshu publishes no customer-service send API; configure sendApi for this account' };
  if (!context.config.appSecret) return { status: 'failed', retryable: false, code: 'app_secret_missing', reason: 'sendApi needs appSecret for its access token' };
  const body = JSON.stringify({ touser: message.externalUserId, msgtype: 'text', text: { content: textOnlyPart(message.parts) } });
  try {
    let token = await accessToken(context, sendApi.tokenPath);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const url = new URL(sendApi.sendPath, context.config.apiBaseUrl);
      url.searchParams.set('access_token', token);
      const answer = await getJson(context.fetch, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const code = Number(answer.errcode ?? 0);
      if (code === 0) return { status: 'sent', platformMessageId: typeof answer.msgid === 'string' ? answer.msgid : undefined };
      if (!TOKEN_INVALID_CODES.has(code) || attempt === 1) return { status: 'failed', retryable: RETRYABLE_CODES.has(code), code: String(code), reason: `${code} ${String(answer.errmsg ?? '')}`.trim() };
      token = await accessToken(context, sendApi.tokenPath, token);
    }
    return { status: 'failed', retryable: true, reason: 'unreachable' };
  } catch (error) {
    if (error instanceof SendFailure) return error.result;
    throw error;
  }
}
