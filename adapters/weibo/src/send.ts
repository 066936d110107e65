import { textOnlyPart, type RenderedOutbound, type ProtocolDeliveryResult, type SendContext } from '@kefu/shared';
import type { WeiboConfig } from './config';

/** Weibo's rate-limit errors (IP, user, and user-per-API request limits): trying later helps. */
const RATE_LIMIT_CODES = new Set([10022, 10023, 10024]);

/**
 * The customer-service reply (platforms.md §5): a form POST to /2/messages/reply.json with the
 * account's token. `data` is URL-encoded JSON as the page specifies, and the form encoding then
 * encodes the field once more, as Weibo's own PHP sample does with urlencode + http_build_query.
 */
export async function sendWeiboReply(message: RenderedOutbound, { config, fetch }: SendContext<WeiboConfig>): Promise<ProtocolDeliveryResult> {
  const url = new URL('/2/messages/reply.json', config.apiBaseUrl);
  url.searchParams.set('access_token', config.accessToken);
  const form = new URLSearchParams({
    receiver_id: message.externalUserId,
    type: 'text',
    data: encodeURIComponent(JSON.stringify({ text: textOnlyPart(message.parts) })),
    save_sender_box: config.saveSenderBox ? '1' : '0',
  });
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  } catch (error) {
    return { status: 'failed', retryable: true, reason: `reply API unreachable: ${(error as Error).message}` };
  }
  const body = (await response.json().catch(() => null)) as { id?: number | string; idstr?: string; error?: string; error_code?: number } | null;
  if (body?.error_code) {
    return { status: 'failed', retryable: RATE_LIMIT_CODES.has(body.error_code), code: String(body.error_code), reason: `${body.error_code} ${body.error ?? ''}`.trim() };
  }
  if (!response.ok || !body) return { status: 'failed', retryable: response.status >= 500 || response.status === 429, code: `http_${response.status}`, reason: `reply API answered HTTP ${response.status}` };
  const id = body.idstr ?? (body.id === undefined ? undefined : String(body.id));
  return { status: 'sent', platformMessageId: id };
}
