export { KnowledgeRetriever } from './knowledge-retriever';
export type { RetrievalResult, RetrievedAnswer, RetrieverDeps, RetrievalStages, UnservedMatch } from './knowledge-retriever';
export type { Embedder } from './embedder';
export { LocalEmbedder } from './local-embedder';
export { OpenAIEmbedder } from './openai-embedder';
export { createEmbedder } from './create-embedder';
export { loadIndexableEntries } from './load-indexable-entries';
export { LexicalIndex } from './lexical-index';
export type { IndexableEntry } from './indexable-entry';
