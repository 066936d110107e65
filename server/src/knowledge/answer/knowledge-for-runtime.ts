import type { Runtime } from '../../runtime';
import { GroundedLlmAnswerer } from './grounded-llm-answer';
import { createEmbedder } from '../retrieval/create-embedder';
import { defaultStagesFor } from '../retrieval/default-stages';
import { KnowledgeRetriever } from '../retrieval/knowledge-retriever';

/**
 * One retriever per runtime, made on first use: the HTTP routes (which invalidate after publishing)
 * and the pipeline (which answers) must share it, or each would hold its own copy of every index.
 * Kept beside the runtime rather than inside it so the runtime does not depend on the knowledge module.
 */
const retrievers = new WeakMap<Runtime, Promise<KnowledgeRetriever>>();

export function knowledgeRetrieverFor(runtime: Runtime): Promise<KnowledgeRetriever> {
  let retriever = retrievers.get(runtime);
  if (!retriever) {
    retriever = createEmbedder(runtime.config).then(
      (embedder) => new KnowledgeRetriever({ vectors: runtime.vectors, embedder, logger: runtime.logger, defaultStages: defaultStagesFor(embedder) }),
    );
    // A failed embedder probe (model endpoint down at boot) must not stay cached forever.
    retriever.catch(() => retrievers.delete(runtime));
    retrievers.set(runtime, retriever);
  }
  return retriever;
}

/**
 * After a change made in this process (publish, rollback, import): the next answer sees it at once.
 * A process that has not answered yet has no index to refresh, so none is created here.
 */
export async function knowledgeChanged(runtime: Runtime, tenantId: number): Promise<void> {
  const retriever = retrievers.get(runtime);
  if (retriever) (await retriever).invalidate(tenantId);
}

/** After a 👍/👎 recorded in this process: resolves once searches here rank with it (other processes within a minute). */
export async function feedbackChanged(runtime: Runtime, tenantId: number): Promise<void> {
  const retriever = retrievers.get(runtime);
  if (retriever) await (await retriever).feedbackChanged(tenantId);
}

const answerers = new WeakMap<Runtime, GroundedLlmAnswerer | null>();

/** The model that composes grounded answers, when LLM_BASE_URL and LLM_API_KEY are set; else null (model-free answers). */
export function groundedAnswererFor(runtime: Runtime | undefined): GroundedLlmAnswerer | null {
  if (!runtime) return null;
  if (!answerers.has(runtime)) {
    const { LLM_BASE_URL, LLM_API_KEY, LLM_MODEL } = runtime.config;
    answerers.set(runtime, LLM_BASE_URL && LLM_API_KEY ? new GroundedLlmAnswerer({ baseUrl: LLM_BASE_URL, apiKey: LLM_API_KEY, model: LLM_MODEL, logger: runtime.logger }) : null);
  }
  return answerers.get(runtime) ?? null;
}
