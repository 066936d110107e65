export { startChromaProcess } from './chroma-process';
export type { ChromaProcess, ChromaProcessOptions } from './chroma-process';
export { VectorStore } from './vector-store';
export type { VectorItem, VectorMatch, VectorMetadata, VectorStoreOptions } from './vector-store';
export { tenantCollectionName } from './tenant-collection-name';
