import { Op, UniqueConstraintError, type CreationAttributes, type Transaction } from 'sequelize';
import type { Card, MessageRole } from '@kefu/shared';
import { retryOnConflict } from '../db/retry-on-conflict';
import { Conversation, Message, type ConversationContext, type MessageStatus } from './models';

export interface StoreInboundInput {
  tenantId: number;
  channelAccountId: number;
  channelIdentityId: number;
  platformMessageId: string;
  kind: string;
  text: string;
}

/** Finds the identity's open conversation or starts one. */
export async function openConversation(tenantId: number, channelAccountId: number, channelIdentityId: number): Promise<Conversation> {
  const existing = await Conversation.findOne({
    where: { tenantId, channelIdentityId, status: { [Op.in]: ['open', 'handoff'] } },
    order: [['id', 'DESC']],
  });
  if (existing) return existing;
  return Conversation.create({ tenantId, channelAccountId, channelIdentityId, customerId: null, status: 'open', lastMessageAt: null });
}

/**
 * Stores a shopper message. The unique key (channel account, platform message id) is where
 * duplicates stop: a replay returns the original row and `duplicate: true`. The insert is tried
 * first (a replay is the rare case), so a new message costs one lookup and one insert.
 */
export async function storeInboundMessage(input: StoreInboundInput): Promise<{ message: Message; duplicate: boolean }> {
  const conversation = await openConversation(input.tenantId, input.channelAccountId, input.channelIdentityId);
  try {
    const message = await Message.create({
      tenantId: input.tenantId,
      conversationId: conversation.id,
      channelAccountId: input.channelAccountId,
      platformMessageId: input.platformMessageId,
      role: 'shopper',
      kind: input.kind,
      text: input.text,
      status: 'received',
    });
    return { message, duplicate: false };
  } catch (error) {
    if (!(error instanceof UniqueConstraintError)) throw error;
    const original = await findByPlatformId(input.tenantId, input.channelAccountId, input.platformMessageId);
    if (!original) throw error;
    return { message: original, duplicate: true };
  }
}

export interface ReplyInput {
  role: Exclude<MessageRole, 'shopper'>;
  text: string;
  cards?: Card[];
  intent?: string | null;
}

/**
 * Stores the n-th reply to a message under a deterministic platform id, so a retried pipeline run
 * finds the replies it already wrote instead of answering twice.
 */
export async function storeReply(inbound: Message, index: number, reply: ReplyInput): Promise<Message> {
  return createMessageOnce(replyAttributes(inbound, index, reply));
}

function replyAttributes(inbound: Message, index: number, reply: ReplyInput): CreationAttributes<Message> {
  return {
    tenantId: inbound.tenantId,
    conversationId: inbound.conversationId,
    channelAccountId: inbound.channelAccountId,
    platformMessageId: `reply:${inbound.id}:${index}`,
    role: reply.role,
    kind: 'text',
    text: reply.text,
    cards: reply.cards ?? [],
    status: 'pending',
    intent: reply.intent ?? null,
    replyToId: inbound.id,
  };
}

/**
 * The first write of a reply inside the turn's transaction: the message's answered status commits
 * with it, so a re-run finds the message answered and never reaches this again. A conflict on the
 * deterministic id (two runs at once) rolls the loser's transaction back.
 */
export async function createReply(inbound: Message, index: number, reply: ReplyInput, transaction: Transaction): Promise<Message> {
  return Message.create(replyAttributes(inbound, index, reply), { transaction });
}

/** An agent's reply from the console: not tied to one shopper message; idempotent on the client's id. */
export async function storeAgentMessage(conversation: Conversation, text: string, clientId: string): Promise<Message> {
  return createMessageOnce({
    tenantId: conversation.tenantId,
    conversationId: conversation.id,
    channelAccountId: conversation.channelAccountId,
    platformMessageId: `agent:${clientId}`,
    role: 'agent',
    kind: 'text',
    text,
    status: 'pending',
  });
}

/** Creates a message unless one with the same (channel account, platform id) exists; returns whichever is stored. */
async function createMessageOnce(attributes: CreationAttributes<Message>): Promise<Message> {
  return retryOnConflict(async () => {
    const existing = await findByPlatformId(attributes.tenantId, attributes.channelAccountId, attributes.platformMessageId);
    return existing ?? Message.create(attributes);
  });
}

export async function findMessage(tenantId: number, id: number): Promise<Message | null> {
  return Message.findOne({ where: { tenantId, id } });
}

/** A message with its conversation, in one query: where the pipeline's turn starts. */
export async function findMessageWithConversation(tenantId: number, id: number): Promise<{ message: Message; conversation: Conversation } | null> {
  const message = await Message.findOne({ where: { tenantId, id }, include: [{ model: Conversation, as: 'conversation', where: { tenantId }, required: true }] });
  if (!message?.conversation) return null;
  return { message, conversation: message.conversation };
}

/** The shopper's most recent message in a conversation: what a reply answering no one message answers. */
export async function findLatestShopperMessage(tenantId: number, conversationId: number): Promise<Message | null> {
  return Message.findOne({ where: { tenantId, conversationId, role: 'shopper' }, order: [['id', 'DESC']] });
}

export async function findConversation(tenantId: number, id: number): Promise<Conversation | null> {
  return Conversation.findOne({ where: { tenantId, id } });
}

export async function findConversationForIdentity(tenantId: number, channelIdentityId: number): Promise<Conversation | null> {
  return Conversation.findOne({ where: { tenantId, channelIdentityId }, order: [['id', 'DESC']] });
}

/** All messages of every conversation of one identity after an id, oldest first: a shopper's history. */
export async function listIdentityMessages(tenantId: number, channelIdentityId: number, afterId: number, limit = 200): Promise<Message[]> {
  const conversations = await Conversation.findAll({ where: { tenantId, channelIdentityId }, attributes: ['id'] });
  if (conversations.length === 0) return [];
  return Message.findAll({
    where: { tenantId, conversationId: { [Op.in]: conversations.map((c) => c.id) }, id: { [Op.gt]: afterId } },
    order: [['id', 'ASC']],
    limit,
  });
}

export interface MessageStatusExtra {
  failureReason?: string | null;
  intent?: string | null;
  nlu?: Record<string, unknown> | null;
  attempts?: number;
}

export async function setMessageStatus(message: Message, status: MessageStatus, extra: MessageStatusExtra = {}, transaction?: Transaction): Promise<void> {
  await message.update({ status, ...extra }, { transaction });
}

export interface ConversationChanges {
  customerId?: number | null;
  status?: Conversation['status'];
  context?: ConversationContext;
  lastMessageAt?: Date;
}

export async function updateConversation(conversation: Conversation, changes: ConversationChanges, transaction?: Transaction): Promise<void> {
  await conversation.update(changes, { transaction });
}

async function findByPlatformId(tenantId: number, channelAccountId: number, platformMessageId: string): Promise<Message | null> {
  return Message.findOne({ where: { tenantId, channelAccountId, platformMessageId } });
}

/** Shopper messages not yet answered and replies not yet delivered, across tenants: what a restart must resume. */
export async function listUnfinishedMessages(limit = 1000): Promise<Message[]> {
  return Message.findAll({
    where: { status: { [Op.in]: ['received', 'processing', 'pending'] } },
    order: [['id', 'ASC']],
    limit,
    crossTenant: true,
  } as Parameters<typeof Message.findAll>[0]);
}
