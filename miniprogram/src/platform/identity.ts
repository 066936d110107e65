import Taro from '@tarojs/taro';
import type { KefuWebClient } from '@kefu/shared/src/web-client';

export interface ChatTarget {
  apiBase: string;
  tenantKey: string;
  /** h5 only: a merchant-signed token naming the logged-in shopper. */
  shopperToken?: string;
}

/**
 * Where the chat talks to and as whom. h5 reads the page's query (`tenant`, `token`) and always
 * talks to the origin that served it: the core serves the page, and an API address taken from the
 * query would let a crafted link send the shopper's session token to any server. Mini-programs use
 * the build-time constants.
 */
export function chatTarget(): ChatTarget {
  if (process.env.TARO_ENV !== 'h5') return { apiBase: KEFU_API_BASE, tenantKey: KEFU_TENANT_KEY };
  const query = new URLSearchParams(window.location.search);
  return {
    apiBase: window.location.origin,
    tenantKey: query.get('tenant') ?? 'demo',
    shopperToken: query.get('token') ?? undefined,
  };
}

/**
 * Signs the shopper in. weapp and tt: the platform login code (wx.login / tt.login, both behind
 * Taro.login) is exchanged by the core for the openid. h5: a signed token binds the merchant's
 * customer; an anonymous visitor resumes their stored session so a reload keeps the history.
 */
export async function openSession(client: KefuWebClient, target: ChatTarget): Promise<void> {
  if (process.env.TARO_ENV === 'weapp' || process.env.TARO_ENV === 'tt') {
    const { code } = await Taro.login();
    const appId = Taro.getAccountInfoSync().miniProgram.appId;
    await client.loginMiniProgram({ tenantKey: target.tenantKey, platform: process.env.TARO_ENV, appId, code });
    return;
  }
  if (target.shopperToken) {
    await client.startSession(target.tenantKey, target.shopperToken);
    return;
  }
  const storageKey = `kefu-session:${target.tenantKey}`;
  const stored = Taro.getStorageSync<string>(storageKey);
  if (stored) {
    try {
      client.resumeSession(JSON.parse(stored) as { sessionId: string; token: string });
      await client.list('0');
      return;
    } catch {
      Taro.removeStorageSync(storageKey);
    }
  }
  const session = await client.startSession(target.tenantKey);
  Taro.setStorageSync(storageKey, JSON.stringify(session));
}
