import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { Op } from 'sequelize';
import { z } from 'zod';
import { NotFoundError } from '@kefu/shared';
import { requireRole } from '../../auth/require-role';
import { atLeast } from '../../auth/role-order';
import { Conversation, Message } from '../../conversations/models';
import type { KefuState } from '../../http-kit/koa-state';
import { parseInput } from '../../http-kit/validate';
import { principalOf } from '../../http-kit/console-principal';

const listQuery = z.object({
  status: z.enum(['open', 'handoff', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });
const messagesQuery = z.object({
  /** Cursor: only messages after this id, for paging through a long conversation. */
  afterId: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

function conversationView(conversation: Conversation) {
  return {
    id: conversation.id,
    status: conversation.status,
    customerId: conversation.customerId,
    channelAccountId: conversation.channelAccountId,
    channelIdentityId: conversation.channelIdentityId,
    lastIntent: conversation.context.lastIntent ?? null,
    lastMessageAt: conversation.lastMessageAt,
    createdAt: conversation.createdAt,
  };
}

function messageView(message: Message) {
  return {
    id: message.id,
    role: message.role,
    kind: message.kind,
    text: message.text,
    cards: message.cards,
    status: message.status,
    intent: message.intent ?? null,
    replyToId: message.replyToId ?? null,
    createdAt: message.createdAt,
  };
}

/** Read-only conversation views for every console role; always scoped to the caller's tenant. */
export function registerConsoleConversationRoutes(router: Router<KefuState>, auth: Middleware<KefuState>): void {
  const canRead = requireRole(...atLeast('viewer'));

  router.get('/conversations', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const query = parseInput(listQuery, ctx.query, 'query');
    const conversations = await Conversation.findAll({
      where: { tenantId, ...(query.status ? { status: query.status } : {}) },
      // Both dialects sort NULL lowest, so conversations without messages come last either way.
      order: [
        ['lastMessageAt', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: query.limit,
    });
    ctx.body = { conversations: conversations.map(conversationView) };
  });

  router.get('/conversations/:id/messages', auth, canRead, async (ctx) => {
    const { tenantId } = principalOf(ctx);
    const { id } = parseInput(idParams, ctx.params, 'params');
    const query = parseInput(messagesQuery, ctx.query, 'query');
    // Another tenant's conversation is "not found", never "forbidden": a 403 would confirm the id exists.
    const conversation = await Conversation.findOne({ where: { tenantId, id } });
    if (!conversation) throw new NotFoundError(`conversation ${id} not found`);
    const messages = await Message.findAll({
      where: { tenantId, conversationId: id, ...(query.afterId > 0 ? { id: { [Op.gt]: query.afterId } } : {}) },
      order: [['id', 'ASC']],
      limit: query.limit,
    });
    ctx.body = { conversation: conversationView(conversation), messages: messages.map(messageView) };
  });
}
