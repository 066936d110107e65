import { issueSessionToken } from '@kefu/adapter-web';
import { exchangeJsCode } from '@kefu/adapter-wechat';
import { NotFoundError, UnauthorizedError, type MiniProgramLoginBody } from '@kefu/shared';
import { z } from 'zod';
import { findTenantByKey } from '../auth/tenant-service';
import { upsertChannelIdentity } from '../customers/identity-service';
import { resolveCustomer } from '../customers/resolve-customer';
import { defaultUnionScope } from '../customers/union-scope';
import type { Runtime } from '../runtime';
import { ensureChannelAccount } from './channel-account-service';
import { ChannelAccount } from './models';

/** The fields a mini-program login needs from the stored channel credentials (WeChat or Douyin config). */
const loginCredentials = z.object({
  appSecret: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  apiBaseUrl: z.url().optional(),
  /** Douyin mini-apps log in against developer.toutiao.com, not the open platform host the IM APIs use. */
  miniProgramApiBaseUrl: z.url().optional(),
});

const DOUYIN_MINI_APP_API = 'https://developer.toutiao.com';
const WECHAT_API = 'https://api.weixin.qq.com';

interface PlatformUser {
  openId: string;
  unionId?: string;
}

/**
 * Mini-program sign-in: the merchant's mini-program (a WeChat or Douyin channel account whose appId
 * is the mini-program's) exchanges the login code for the shopper's openid. The shopper then chats
 * over the web channel, as the identity `wx_<openid>` / `tt_<openid>` carrying the unionid, so a
 * shopper already known on the merchant's Official Account becomes the same customer.
 */
export async function loginMiniProgram(runtime: Runtime, body: MiniProgramLoginBody, fetchImpl: typeof fetch = fetch): Promise<{ sessionId: string; token: string }> {
  const tenant = await findTenantByKey(body.tenantKey);
  if (!tenant) throw new NotFoundError(`unknown tenant "${body.tenantKey}"`);
  const platform = body.platform === 'weapp' ? 'wechat' : 'douyin';
  const account = await ChannelAccount.findOne({ where: { tenantId: tenant.id, platform, appId: body.appId } });
  if (!account?.credentialsEncrypted) throw new NotFoundError(`mini-program ${body.appId} is not connected to this merchant`);
  const credentials = loginCredentials.parse(JSON.parse(runtime.cipher.decrypt(account.credentialsEncrypted)));

  const user = body.platform === 'weapp' ? await wechatUser(body.appId, credentials, body.code, fetchImpl) : await douyinUser(body.appId, credentials, body.code, fetchImpl);

  const web = await ensureChannelAccount(tenant.id, 'web', 'web', '网站/H5');
  const externalId = `${body.platform === 'weapp' ? 'wx' : 'tt'}_${user.openId}`;
  // The unionid belongs to the mini-program's platform (its Open Platform account), not to the web
  // channel the chat runs on: it is scoped like the mini-program's own channel account.
  const unionScope = account.unionScope ?? defaultUnionScope(account.platform);
  const identity = await upsertChannelIdentity({ tenantId: tenant.id, channelAccountId: web.id, externalId, unionId: user.unionId ?? null, unionScope });
  await resolveCustomer(runtime.db.sequelize, runtime.audit, { tenantId: tenant.id, channelIdentityId: identity.id });
  const token = issueSessionToken({ tenantId: tenant.id, channelAccountId: web.id, identityId: identity.id, externalId }, runtime.secrets.sessionSecret);
  return { sessionId: externalId, token };
}

async function wechatUser(appId: string, credentials: z.infer<typeof loginCredentials>, code: string, fetchImpl: typeof fetch): Promise<PlatformUser> {
  if (!credentials.appSecret) throw new NotFoundError(`mini-program ${appId} has no app secret configured`);
  try {
    const session = await exchangeJsCode({ appId, appSecret: credentials.appSecret, apiBaseUrl: credentials.apiBaseUrl ?? WECHAT_API }, code, fetchImpl);
    return { openId: session.openId, unionId: session.unionId };
  } catch (error) {
    throw new UnauthorizedError(`WeChat refused the login code: ${(error as Error).message}`);
  }
}

/** Douyin's `POST /api/apps/v2/jscode2session`: `{err_no, err_tips, data: {openid, unionid, session_key}}`. */
async function douyinUser(appId: string, credentials: z.infer<typeof loginCredentials>, code: string, fetchImpl: typeof fetch): Promise<PlatformUser> {
  const secret = credentials.appSecret ?? credentials.clientSecret;
  if (!secret) throw new NotFoundError(`mini-program ${appId} has no app secret configured`);
  const response = await fetchImpl(`${credentials.miniProgramApiBaseUrl ?? DOUYIN_MINI_APP_API}/api/apps/v2/jscode2session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appid: appId, secret, code }),
  });
  const answer = (await response.json().catch(() => null)) as { err_no?: number; err_tips?: string; data?: { openid?: string; unionid?: string } } | null;
  const openId = answer?.data?.openid;
  if (!response.ok || answer?.err_no !== 0 || !openId) {
    throw new UnauthorizedError(`Douyin refused the login code: ${answer?.err_tips ?? `HTTP ${response.status}`}`);
  }
  return { openId, unionId: answer.data?.unionid || undefined };
}
