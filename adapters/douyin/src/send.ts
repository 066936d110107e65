import { textOnlyPart, type RenderedOutbound, type ProtocolDeliveryResult, type SendContext } from '@kefu/shared';
import { douyinAccessToken, TokenError } from './access-token';
import type { DouyinConfig } from './config';
import { decodeMessageId } from './message-id';

/** Codes saying the access token is expired or invalid: refresh once and try again (OAuth docs: 10008, 2190008). */
const TOKEN_EXPIRED_CODES = new Set([10008, 2190008]);

interface SendBody {
  err_no?: number;
  err_msg?: string;
  data?: { msg_id?: string; error_code?: number; description?: string };
  extra?: { error_code?: number; description?: string };
}

/**
 * Replies through the 私信 reply API (platforms.md §3; shape from third-party SDKs, unconfirmed, so
 * the path is a setting). The reply must name the shopper message it answers; there is no
 * free-form send to a user, so a reply without one fails permanently with that reason.
 */
export async function sendDouyinReply(message: RenderedOutbound, context: SendContext<DouyinConfig>): Promise<ProtocolDeliveryResult> {
  const { config } = context;
  if (config.mode === 'minigame_customer_service') {
    return { status: 'failed', retryable: false, code: 'not_supported', reason: 'the 抖音客服平台 send API is not described in platforms.md; replies for mini-game customer service are not implemented' };
  }
  const answered = message.replyToPlatformMessageId ? decodeMessageId(message.replyToPlatformMessageId) : null;
  if (!answered) return { status: 'failed', retryable: false, code: 'no_reply_target', reason: 'Douyin replies must answer a shopper message (msg_id); none was given' };
  const body = JSON.stringify({
    msg_id: answered.serverMessageId,
    conversation_id: answered.conversationShortId,
    to_user_id: message.externalUserId,
    content: { msg_type: 'text', text: { text: textOnlyPart(message.parts) } },
    scene: 'im_reply_msg',
  });
  try {
    const token = await douyinAccessToken(context);
    const first = await post(context, token, body);
    if (first.kind !== 'token_expired') return first.result;
    const fresh = await douyinAccessToken(context, token);
    const second = await post(context, fresh, body);
    return second.kind === 'token_expired' ? { status: 'failed', retryable: true, code: second.code, reason: 'access token refused twice' } : second.result;
  } catch (error) {
    if (error instanceof TokenError) return { status: 'failed', retryable: error.retryable, code: error.code, reason: error.message };
    throw error;
  }
}

type Attempt = { kind: 'done'; result: ProtocolDeliveryResult } | { kind: 'token_expired'; code: string };

async function post({ config, fetch }: SendContext<DouyinConfig>, token: string, body: string): Promise<Attempt> {
  const url = new URL(config.sendMessagePath, config.apiBaseUrl);
  url.searchParams.set('open_id', config.businessOpenId);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'access-token': token }, body });
  } catch (error) {
    return { kind: 'done', result: { status: 'failed', retryable: true, reason: `send API unreachable: ${(error as Error).message}` } };
  }
  if (response.status === 429 || response.status >= 500) return { kind: 'done', result: { status: 'failed', retryable: true, code: `http_${response.status}`, reason: `send API answered HTTP ${response.status}` } };
  const parsed = (await response.json().catch(() => null)) as SendBody | null;
  if (!parsed) return { kind: 'done', result: { status: 'failed', retryable: true, code: `http_${response.status}`, reason: 'send API answered without JSON' } };
  const code = parsed.err_no || parsed.data?.error_code || parsed.extra?.error_code || 0;
  if (TOKEN_EXPIRED_CODES.has(code)) return { kind: 'token_expired', code: String(code) };
  if (code !== 0 || !response.ok) {
    const reason = parsed.err_msg || parsed.data?.description || parsed.extra?.description || `HTTP ${response.status}`;
    // Douyin does not publish which send errors are transient; only HTTP-level overload is retried.
    return { kind: 'done', result: { status: 'failed', retryable: false, code: String(code || `http_${response.status}`), reason: `${code} ${reason}`.trim() } };
  }
  return { kind: 'done', result: { status: 'sent', platformMessageId: parsed.data?.msg_id } };
}
