import type { SharedCache } from '@kefu/shared';
import type { WechatConfig } from './wechat-config';

export interface TokenContext {
  config: WechatConfig;
  cache: SharedCache;
  fetch: typeof fetch;
}

/** Refresh this long before WeChat's expiry so no send carries a token that dies in flight. */
const EXPIRY_MARGIN_SECONDS = 300;

const cacheKey = (appId: string) => `wechat:access-token:${appId}`;

export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
  }
}

async function fetchStableToken(ctx: TokenContext, forceRefresh: boolean): Promise<string> {
  const response = await ctx.fetch(`${ctx.config.apiBaseUrl}/cgi-bin/stable_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credential', appid: ctx.config.appId, secret: ctx.config.appSecret, force_refresh: forceRefresh }),
  });
  if (!response.ok) throw new Error(`stable_token answered HTTP ${response.status}`);
  const body = (await response.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
  if (!body.access_token) throw new WechatApiError(body.errcode ?? -1, body.errmsg ?? 'no access_token in the answer');
  const ttl = Math.max(60, (body.expires_in ?? 7200) - EXPIRY_MARGIN_SECONDS);
  await ctx.cache.set(cacheKey(ctx.config.appId), body.access_token, ttl);
  return body.access_token;
}

/**
 * The account's access token from the shared cache, fetched through `stable_token` when missing.
 * The fetch runs under the cache's lock, so across all processes only one asks WeChat; the others
 * find the fresh token in the cache when the lock frees.
 */
export async function accessToken(ctx: TokenContext): Promise<string> {
  const cached = await ctx.cache.get(cacheKey(ctx.config.appId));
  if (cached) return cached;
  return ctx.cache.withLock(cacheKey(ctx.config.appId), 10, async () => (await ctx.cache.get(cacheKey(ctx.config.appId))) ?? fetchStableToken(ctx, false));
}

/**
 * After WeChat rejected `rejected` (40001/42001): force a new token, unless another process already
 * replaced it while we waited for the lock (force_refresh is limited to 20 a day).
 */
export async function refreshAccessToken(ctx: TokenContext, rejected: string): Promise<string> {
  return ctx.cache.withLock(cacheKey(ctx.config.appId), 10, async () => {
    const current = await ctx.cache.get(cacheKey(ctx.config.appId));
    if (current && current !== rejected) return current;
    return fetchStableToken(ctx, true);
  });
}
