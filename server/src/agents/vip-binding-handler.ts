import { inboundMessageSchema } from '@kefu/shared';
import { WECHATY_BINDING_EVENT } from '@kefu/adapter-wechaty';
import { z } from 'zod';
import type { PlatformEventHandler } from '../channels/platform-event-handler';
import { openConversation, setMessageStatus, storeInboundMessage, storeReply } from '../conversations/conversation-service';
import { upsertChannelIdentity } from '../customers/identity-service';
import type { PipelineDeps } from '../pipeline/pipeline-deps';
import { countProofFailure, isProofBlocked } from '../order-proof/attempt-limits';
import { redeemBindingCode, type RedeemResult } from './vip-binding-codes';

const bindingPayloadSchema = z.object({ code: z.string().regex(/^\d{6}$/), inbound: inboundMessageSchema });

const LINKED = '绑定成功！您的微信已关联店铺会员账号，之后可以直接在这里查询订单、售后，专属客服为您服务。';
/**
 * One answer for every failure (unknown, expired, used, too many tries): telling them apart would tell
 * a guesser which six digits are live codes. The reason is kept in the event for the merchant.
 */
const REFUSED = '绑定未成功：绑定码无效、已过期或已使用，或尝试次数过多。请在店铺里重新获取绑定码，或联系客服。';

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
    // Failed codes are counted per contact across conversations; a locked contact's code is not even looked up.
    const subjects = [{ scope: 'binding' as const, subject: String(identity.id) }];
    const result: RedeemResult = (await isProofBlocked(tenantId, subjects))
      ? { linked: false, reason: 'too_many_attempts' }
      : await redeemBindingCode(deps.runtime.db.sequelize, deps.runtime.audit, tenantId, identity.id, code);
    if (!result.linked && result.reason !== 'too_many_attempts') await countProofFailure(tenantId, subjects);
    // Answered here: the pipeline must not also pick it up (and recovery must not re-queue it).
    await setMessageStatus(message, 'answered', { intent: 'vip.binding' });
    const conversation = await openConversation(tenantId, account.id, identity.id);
    const reply = await storeReply(message, 0, { role: 'bot', text: result.linked ? LINKED : REFUSED, intent: 'vip.binding' });
    await deps.runtime.events.emit({ tenantId, type: result.linked ? 'customer.bound' : 'customer.binding_refused', conversationId: conversation.id, messageId: message.id, payload: result.linked ? { customerId: result.customerId, evidence: 'binding_code' } : { reason: result.reason } });
    await deps.runtime.queues.outbound.add({ messageId: String(reply.id), tenantId: String(tenantId) }, { jobId: `out:${reply.id}` });
  };
}
