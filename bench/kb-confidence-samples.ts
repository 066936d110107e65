import type { EvalDoc } from '../server/src/cli/kb-eval-input';
import { withEvalTenant } from '../server/src/cli/kb-eval-tenant';
import { lexicalConfidenceFeatures, type LexicalConfidenceFeatures } from '../server/src/knowledge/retrieval/estimate-confidence';
import type { Embedder } from '../server/src/knowledge/retrieval/embedder';
import type { KnowledgeRetriever } from '../server/src/knowledge/retrieval/knowledge-retriever';
import type { Runtime } from '../server/src/runtime';
import { demoKnowledge } from '../server/src/demo/demo-knowledge';
import type { GoldQuery } from './kb-afqmc';
import type { ScoredAnswer } from './kb-confidence-report';

/** A labelled question set searched against one knowledge base. */
export interface QuestionSet {
  source: ScoredAnswer['source'];
  queries: GoldQuery[];
}

/** One question as answer() sees it: the features its confidence reads, and whether the top entry is right. */
export type ConfidenceSample = Omit<ScoredAnswer, 'confidence'> & { features: LexicalConfidenceFeatures };

/** How many results answer() asks search() for (see KnowledgeRetriever.answer). */
const ANSWER_DEPTH = 3;

/** The demo merchant's entries as kb-eval docs: the knowledge base the written FAQ and out-of-scope questions ask. */
export function demoFaqDocs(): EvalDoc[] {
  return demoKnowledge.map((e) => ({ id: e.id, title: e.title, text: e.answer, similarQuestions: e.similarQuestions, keywords: e.keywords }));
}

/** Searches every question as answer() does, on a throwaway tenant holding `docs`, and keeps the confidence features. */
export async function collectConfidenceSamples(runtime: Runtime, embedder: Embedder, docs: EvalDoc[], sets: QuestionSet[]): Promise<ConfidenceSample[]> {
  return withEvalTenant(runtime, embedder, docs, async ({ tenantId, retriever }) => {
    const samples: ConfidenceSample[] = [];
    for (const { source, queries } of sets) {
      for (const query of queries) {
        const results = await retriever.search(tenantId, query.text, ANSWER_DEPTH);
        if (results.length === 0) continue; // answer() finds nothing either: no_match, no confidence to calibrate
        samples.push({ source, half: query.half, features: lexicalConfidenceFeatures(results), correct: query.gold !== null && results[0].slug === query.gold });
      }
    }
    return samples;
  });
}

/** The confidence answer() itself reports for each question (the shipped path, end to end). */
export async function answerConfidences(retriever: KnowledgeRetriever, tenantId: number, sets: QuestionSet[]): Promise<ScoredAnswer[]> {
  const scored: ScoredAnswer[] = [];
  for (const { source, queries } of sets) {
    for (const query of queries) {
      const answer = await retriever.answer(tenantId, query.text);
      if (answer && !('unserved' in answer)) scored.push({ source, half: query.half, confidence: answer.confidence, correct: query.gold !== null && answer.slug === query.gold });
    }
  }
  return scored;
}
