import type { SendContext } from '@kefu/shared';
import type { DouyinConfig } from './config';

export class TokenError extends Error {
  constructor(message: string, readonly retryable: boolean, readonly code?: string) {
    super(message);
  }
}

/** Refresh this long before Douyin's own expiry so a token never dies mid-request. */
const EXPIRY_MARGIN_SECONDS = 300;
/** refresh_token expired or revoked: only the operator re-authorising helps. */
const REAUTHORISE_CODES = new Set([10010, 10020]);

function cacheKey(config: DouyinConfig): string {
  return `douyin:access-token:${config.clientKey}:${config.businessOpenId}`;
}

/**
 * The operator's access_token (15 days) from the stored refresh_token, shared by every process
 * through the SharedCache; one process refreshes under the lock while the others wait and read.
 * `rejected` names a token the API just refused: it is replaced even if the cache still holds it.
 */
export async function douyinAccessToken(context: SendContext<DouyinConfig>, rejected?: string): Promise<string> {
  const { config, cache } = context;
  const key = cacheKey(config);
  const cached = await cache.get(key);
  if (cached && cached !== rejected) return cached;
  return cache.withLock(`${key}:refresh`, 30, async () => {
    const current = await cache.get(key);
    if (current && current !== rejected) return current;
    const { token, expiresIn } = await refreshAccessToken(context);
    await cache.set(key, token, Math.max(60, expiresIn - EXPIRY_MARGIN_SECONDS));
    return token;
  });
}

async function refreshAccessToken({ config, fetch }: SendContext<DouyinConfig>): Promise<{ token: string; expiresIn: number }> {
  if (!config.refreshToken) throw new TokenError('no refreshToken configured: the operator must authorise the app (im.direct_message scope)', false, 'no_refresh_token');
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/refresh_token/', config.apiBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: config.clientKey, grant_type: 'refresh_token', refresh_token: config.refreshToken }).toString(),
    });
  } catch (error) {
    throw new TokenError(`token endpoint unreachable: ${(error as Error).message}`, true);
  }
  if (!response.ok) throw new TokenError(`token endpoint answered HTTP ${response.status}`, response.status >= 500 || response.status === 429);
  const body = (await response.json().catch(() => null)) as { data?: { access_token?: string; expires_in?: number | string; error_code?: number; description?: string } } | null;
  const data = body?.data;
  if (data?.error_code) {
    throw new TokenError(`refresh_token refused: ${data.error_code} ${data.description ?? ''}`.trim(), !REAUTHORISE_CODES.has(data.error_code), String(data.error_code));
  }
  const expiresIn = Number(data?.expires_in);
  if (!data?.access_token || !Number.isFinite(expiresIn)) throw new TokenError('token endpoint answered without access_token/expires_in', true);
  return { token: data.access_token, expiresIn };
}
