/**
 * The turn a reply is composed for and the reply composed, shared by the reply policy
 * (pipeline/compose-reply) and the skills it calls. They live here, in the dialogue context, so
 * skills depend on the dialogue's vocabulary and never on the pipeline that calls them.
 */
import type { Card } from '@kefu/shared';
import type { Conversation } from '../conversations/models';
import type { KnowledgeDecision } from '../knowledge/answer/answer-from-knowledge';
import type { KnowledgeRetriever } from '../knowledge/retrieval/knowledge-retriever';
import type { Understanding } from '../nlu/understander';
import type { Runtime } from '../runtime';

/** What a skill reply did, for events and analytics. */
export type SkillAction =
  | 'order_status'
  | 'order_not_found'
  | 'ask_verification'
  | 'order_action'
  | 'order_action_confirm'
  | 'order_action_refused'
  | 'lookup_pending'
  | 'handoff'
  | 'refund_decision'
  | 'price_protection'
  | 'recommendation'
  | 'store_answer';

export interface ComposedReply {
  text: string;
  cards: Card[];
  /** What the bot did, for events and analytics. */
  action: 'knowledge_answer' | 'order_status' | 'handoff' | 'greeting' | 'fallback' | 'order_not_found' | 'ask_verification' | 'proactive_opt_out' | SkillAction;
  knowledgeSlug?: string;
  /** What the knowledge step decided (answered from which entry revisions, or why not); recorded with the reply. */
  knowledge?: KnowledgeDecision;
  handoff?: boolean;
  /** The reply asks the shopper a yes/no question about this intent. */
  asks?: string;
}

export interface ReplyContext {
  tenantId: number;
  customerId: number;
  /** True when the shopper proved who they are (signed merchant token, verified phone). */
  customerVerified: boolean;
  conversation: Conversation;
  text: string;
  understanding: Understanding;
  /** The runtime's knowledge retriever (knowledgeRetrieverFor). */
  knowledge: KnowledgeRetriever;
  /** Services for the commerce skills (connectors, audit, follow-up jobs); without it the skills stay out. */
  runtime?: Runtime;
  /** The shopper message being answered: keys idempotent order requests and later follow-ups. */
  messageId?: number;
}
