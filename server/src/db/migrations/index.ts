import type { Migration } from './migration';
import { initialSchema } from './0001-initial-schema';
import { knowledgeRevisions } from './0002-knowledge-revisions';
import { nluResultsAndMerchantIntents } from './0003-nlu-results-and-merchant-intents';
import { knowledgeAnswersAndFeedback } from './0004-knowledge-answers-and-feedback';
import { commerceActions } from './0005-commerce-actions';
import { refundRulesAndProactiveService } from './0006-refund-rules-and-proactive-service';
import { identityLinksAndMerges } from './0008-identity-links-and-merges';
import { agentDeskAndVipBinding } from './0009-agent-desk-and-vip-binding';
import { conversationRatings } from './0010-conversation-ratings';
import { shoppingCarts } from './0011-shopping-carts';
import { knowledgeAnswerRefusalReason } from './0012-knowledge-answer-refusal-reason';
import { orderProofLimitsAndCodes } from './0013-order-proof-limits-and-codes';
import { signInSecurity } from './0014-sign-in-security';

/** Listed explicitly (not globbed) so the same list runs under tsx, ts-jest and compiled output. */
export const migrations: Migration[] = [initialSchema, knowledgeRevisions, nluResultsAndMerchantIntents, knowledgeAnswersAndFeedback, commerceActions, refundRulesAndProactiveService, identityLinksAndMerges, agentDeskAndVipBinding, conversationRatings, shoppingCarts, knowledgeAnswerRefusalReason, orderProofLimitsAndCodes, signInSecurity];
