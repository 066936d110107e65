import type { SharedCache } from '@kefu/shared';
import type { WecomKfConfig } from './wecom-kf-config';

export interface WecomContext {
  config: WecomKfConfig;
  cache: SharedCache;
  fetch: typeof fetch;
}

export interface WecomAnswer {
  errcode?: number;
  errmsg?: string;
  [field: string]: unknown;
}

const cacheKey = (config: WecomKfConfig) => `wecom:access-token:${config.corpId}:${config.secret.slice(0, 6)}`;
const EXPIRY_MARGIN_SECONDS = 300;
/** Token invalid or expired: one refresh, then one more try. */
const TOKEN_ERRORS = new Set([40014, 42001, 40001]);

async function fetchToken(ctx: WecomContext): Promise<string> {
  const query = new URLSearchParams({ corpid: ctx.config.corpId, corpsecret: ctx.config.secret });
  const response = await ctx.fetch(`${ctx.config.apiBaseUrl}/cgi-bin/gettoken?${query.toString()}`);
  if (!response.ok) throw new Error(`gettoken answered HTTP ${response.status}`);
  const body = (await response.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
  if (!body.access_token) throw new Error(`gettoken failed: ${body.errcode ?? '?'} ${body.errmsg ?? ''}`);
  await ctx.cache.set(cacheKey(ctx.config), body.access_token, Math.max(60, (body.expires_in ?? 7200) - EXPIRY_MARGIN_SECONDS));
  return body.access_token;
}

/** The corp app's token from the shared cache; fetched by one process at a time under the cache's lock. */
async function accessToken(ctx: WecomContext, rejected?: string): Promise<string> {
  const key = cacheKey(ctx.config);
  const cached = await ctx.cache.get(key);
  if (cached && cached !== rejected) return cached;
  return ctx.cache.withLock(key, 10, async () => {
    const current = await ctx.cache.get(key);
    return current && current !== rejected ? current : fetchToken(ctx);
  });
}

/** POSTs to a WeCom API with the token; on a token error refreshes once and tries again. */
export async function callWecomApi(ctx: WecomContext, path: string, body: unknown): Promise<WecomAnswer> {
  const post = async (token: string) => {
    const response = await ctx.fetch(`${ctx.config.apiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
    return (await response.json()) as WecomAnswer;
  };
  const token = await accessToken(ctx);
  const answer = await post(token);
  if (answer.errcode !== undefined && TOKEN_ERRORS.has(answer.errcode)) return post(await accessToken(ctx, token));
  return answer;
}
