/**
 * Turns texts into vectors for the knowledge collections. `id` names provider, model and
 * dimensions: vectors of two embedders are not comparable, so the id is part of the Chroma
 * collection name and a new id means a new collection that is indexed from scratch.
 */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}
