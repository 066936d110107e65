import { renderReplyText, textOnlyPart, type ProtocolDeliveryResult, type RenderedOutbound, type SendContext } from '@kefu/shared';
import { accessToken, refreshAccessToken, type TokenContext } from './access-token';
import type { WechatConfig } from './wechat-config';

/** Token invalid or expired: one forced refresh, then one more try. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** Errors a later try can cure: system busy, frequency limit. */
const TRANSIENT_ERRORS = new Set([-1, 45009, 45011]);
const REASONS: Record<number, string> = {
  45015: 'outside the 48-hour window: the shopper has not written for more than 48 hours',
  45047: 'reply quota used up: too many customer-service messages since the shopper last wrote',
  40003: 'invalid openid for this account',
  43004: 'the user does not follow the account',
};

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  msgid?: number | string;
}

async function postWithToken(ctx: TokenContext, path: string, body: unknown, token: string): Promise<WechatAnswer> {
  const response = await ctx.fetch(`${ctx.config.apiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered HTTP ${response.status}`);
  return (await response.json()) as WechatAnswer;
}

/** Calls a WeChat API with the shared token; retries once with a forced refresh on token errors. */
export async function callWechatApi(ctx: TokenContext, path: string, body: unknown): Promise<ProtocolDeliveryResult> {
  let token = await accessToken(ctx);
  let answer = await postWithToken(ctx, path, body, token);
  if (answer.errcode !== undefined && TOKEN_ERRORS.has(answer.errcode)) {
    token = await refreshAccessToken(ctx, token);
    answer = await postWithToken(ctx, path, body, token);
  }
  const code = answer.errcode ?? 0;
  if (code === 0) return { status: 'sent', platformMessageId: answer.msgid === undefined ? undefined : String(answer.msgid) };
  return { status: 'failed', code: String(code), reason: REASONS[code] ?? answer.errmsg ?? 'unknown WeChat error', retryable: TRANSIENT_ERRORS.has(code) };
}

/** `POST /cgi-bin/message/custom/send`: the customer-service message, inside the 48-hour window. */
export function sendCustomerServiceMessage(message: RenderedOutbound, ctx: SendContext<WechatConfig>): Promise<ProtocolDeliveryResult> {
  return callWechatApi(ctx, '/cgi-bin/message/custom/send', { touser: message.externalUserId, msgtype: 'text', text: { content: textOnlyPart(message.parts) } });
}

/**
 * Outside the window: the account's subscribe message (Mini Program, `subscribe/send`) or template
 * message (Official Account, `template/send`), when the merchant configured one; null otherwise.
 */
export async function sendOutOfWindowNotice(message: RenderedOutbound, ctx: SendContext<WechatConfig>): Promise<ProtocolDeliveryResult | null> {
  const template = ctx.config.outOfWindowTemplate;
  if (!template) return null;
  // A template field holds text only, whatever forms the channel's own send has.
  const value = renderReplyText(message).slice(0, template.maxLength);
  const data = { [template.field]: { value } };
  if (ctx.config.kind === 'mini_program') {
    return callWechatApi(ctx, '/cgi-bin/message/subscribe/send', { touser: message.externalUserId, template_id: template.templateId, page: template.page, data });
  }
  return callWechatApi(ctx, '/cgi-bin/message/template/send', { touser: message.externalUserId, template_id: template.templateId, url: template.page, data });
}
