import { inboundMessageSchema } from '@kefu/shared';
import { WECHATY_BINDING_EVENT } from '@kefu/adapter-wechaty';
import { z } from 'zod';
import type { PlatformEventHandler } from '../channels/platform-event-handler';
import { openConversation, setMessageStatus, storeInboundMessage, storeReply } from '../conversations/conversation-service';
import { upsertChannelIdentity } from '../customers/identity-service';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { redeemBindingCode, type RedeemResult } from './vip-binding-codes';

const bindingPayloadSchema = z.object({ code: z.string().regex(/^\d{6}$/), inbound: inboundMessageSchema });

const ANSWERS: Record<'linked' | Exclude<RedeemResult, { linked: true }>['reason'], string> = {
  linked: '绑定成功！您的微信已关联店铺会员账号，之后可以直接在这里查询订单、售后，专属客服为您服务。',
  unknown_code: '这个绑定码不正确，请核对后重新发送（6 位数字）。',
  expired: '这个绑定码已过期，请在店铺里重新获取。',
  already_used: '这个绑定码已经使用过了，如需重新绑定请联系客服获取新码。',
};

/**
 * A contact of the VIP WeChat account sent a binding code. The code, issued for one customer in
 * the console (or by the bot on a channel where the shopper is already known), is the evidence
 * that links this WeChat identity to that customer. The message and our answer are kept in the
 * conversation like any other turn, but the answer is ours, not the bot's guess at "绑定 123456".
 */
export function createVipBindingHandler(deps: PipelineDeps): PlatformEventHandler {
  return async (event, context) => {
    if (event.kind !== WECHATY_BINDING_EVENT) return;
    const { code, inbound } = bindingPayloadSchema.parse(event.payload);
    const { tenantId, account } = context;
    const identity = await upsertChannelIdentity({ tenantId, channelAccountId: account.id, externalId: inbound.externalUserId, displayName: inbound.displayName });
    const { message, duplicate } = await storeInboundMessage({ tenantId, channelAccountId: account.id, channelIdentityId: identity.id, platformMessageId: inbound.platformMessageId, kind: inbound.kind, text: inbound.text });
    if (duplicate) return;
    const result = await redeemBindingCode(deps.runtime.db.sequelize, deps.runtime.audit, tenantId, identity.id, code);
    // Answered here: the pipeline must not also pick it up (and recovery must not re-queue it).
    await setMessageStatus(message, 'answered', { intent: 'vip.binding' });
    const conversation = await openConversation(tenantId, account.id, identity.id);
    const reply = await storeReply(message, 0, { role: 'bot', text: ANSWERS[result.linked ? 'linked' : result.reason], intent: 'vip.binding' });
    await deps.runtime.events.emit({ tenantId, type: result.linked ? 'customer.bound' : 'customer.binding_refused', conversationId: conversation.id, messageId: message.id, payload: result.linked ? { customerId: result.customerId, evidence: 'binding_code' } : { reason: result.reason } });
    await deps.runtime.queues.outbound.add({ messageId: String(reply.id), tenantId: String(tenantId) }, { jobId: `out:${reply.id}` });
  };
}
