import { textOnlyPart, type ProtocolDeliveryResult, type RenderedOutbound, type SendContext } from '@kefu/shared';
import { callWecomApi, type WecomContext } from './access-token';
import { kfOfCustomerKey } from './sync-messages';
import type { WecomKfConfig } from './wecom-kf-config';

const TRANSIENT_ERRORS = new Set([-1, 45009, 45033]);
const REASONS: Record<number, string> = {
  45015: 'outside the 48-hour window: the customer has not written for more than 48 hours',
  45047: 'reply quota used up: too many messages since the customer last wrote',
  95018: 'the session state does not allow sending (a person has the session, or it ended)',
};

/** service_state: 0 new, 1 bot (智能助手), 2 waiting, 3 with a servicer, 4 ended. */
export async function getServiceState(ctx: WecomContext, openKfId: string, externalUserId: string): Promise<{ state: number; servicerUserId?: string }> {
  const answer = await callWecomApi(ctx, '/cgi-bin/kf/service_state/get', { open_kfid: openKfId, external_userid: externalUserId });
  if (answer.errcode) throw new Error(`service_state/get failed: ${answer.errcode} ${answer.errmsg ?? ''}`);
  return { state: Number(answer.service_state), servicerUserId: answer.servicer_userid as string | undefined };
}

/** Moves a session (e.g. to 3 with a servicer when the pipeline hands off, or 4 to end it). */
export async function transferServiceState(ctx: WecomContext, openKfId: string, externalUserId: string, state: number, servicerUserId?: string): Promise<void> {
  const answer = await callWecomApi(ctx, '/cgi-bin/kf/service_state/trans', { open_kfid: openKfId, external_userid: externalUserId, service_state: state, servicer_userid: servicerUserId });
  if (answer.errcode) throw new Error(`service_state/trans failed: ${answer.errcode} ${answer.errmsg ?? ''}`);
}

/** `POST /cgi-bin/kf/send_msg` from the kf account the customer wrote to (or the account's default). */
export async function sendKfMessage(message: RenderedOutbound, ctx: SendContext<WecomKfConfig>): Promise<ProtocolDeliveryResult> {
  const openKfId = (await ctx.cache.get(kfOfCustomerKey(ctx.config.corpId, message.externalUserId))) ?? ctx.config.openKfId;
  if (!openKfId) return { status: 'failed', reason: 'no kf account (open_kfid) known for this customer and no default configured', retryable: false };
  const answer = await callWecomApi(ctx, '/cgi-bin/kf/send_msg', { touser: message.externalUserId, open_kfid: openKfId, msgtype: 'text', text: { content: textOnlyPart(message.parts) } });
  const code = answer.errcode ?? 0;
  if (code === 0) return { status: 'sent', platformMessageId: typeof answer.msgid === 'string' ? answer.msgid : undefined };
  let reason = REASONS[code] ?? answer.errmsg ?? 'unknown WeCom error';
  if (code === 95018) {
    const state = await getServiceState(ctx, openKfId, message.externalUserId).catch(() => null);
    if (state) reason = `${reason}; service_state ${state.state}`;
  }
  return { status: 'failed', code: String(code), reason, retryable: TRANSIENT_ERRORS.has(code) };
}
