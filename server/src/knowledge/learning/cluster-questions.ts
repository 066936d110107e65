import { analyzeSearchText } from '../retrieval/analyze-search-text';

export interface ClusterInput {
  /** The shopper's question message id. */
  id: number;
  text: string;
}

export interface QuestionCluster<T extends ClusterInput> {
  members: T[];
  /** The member most like the others: the cluster's title. */
  medoid: T;
  /** The most frequent words across members, most frequent first. */
  topWords: string[];
}

/** Words carry the topic; bigrams keep near-misses (typos, words jieba splits oddly) together. */
function featuresOf(text: string): Set<string> {
  const analyzed = analyzeSearchText(text);
  return new Set([...analyzed.words, ...analyzed.bigrams, ...analyzed.synonyms]);
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/** Two questions this alike (Dice over words + bigrams) are taken to ask the same thing. */
const JOIN_SIMILARITY = 0.35;

/**
 * Leader clustering: each question joins the most similar existing cluster (compared with every
 * member, so a cluster may drift a little) or starts a new one. One pass, order-dependent but
 * deterministic for the same input; enough for the few hundred unanswered questions a shop sees
 * between reviews. Clusters come back largest first.
 */
export function clusterQuestions<T extends ClusterInput>(questions: T[]): QuestionCluster<T>[] {
  const clusters: { members: T[]; features: Set<string>[] }[] = [];
  for (const question of questions) {
    const features = featuresOf(question.text);
    if (features.size === 0) continue;
    let best: { index: number; similarity: number } | null = null;
    clusters.forEach((cluster, index) => {
      const similarity = Math.max(...cluster.features.map((f) => dice(features, f)));
      if (similarity >= JOIN_SIMILARITY && (!best || similarity > best.similarity)) best = { index, similarity };
    });
    const target = best as { index: number; similarity: number } | null;
    if (target) {
      clusters[target.index].members.push(question);
      clusters[target.index].features.push(features);
    } else {
      clusters.push({ members: [question], features: [features] });
    }
  }
  return clusters
    .map((cluster) => {
      const centrality = cluster.features.map((f, i) => cluster.features.reduce((sum, g, j) => (i === j ? sum : sum + dice(f, g)), 0));
      const medoidIndex = centrality.indexOf(Math.max(...centrality));
      const counts = new Map<string, number>();
      for (const f of cluster.features) for (const term of f) if (term.startsWith('w:')) counts.set(term.slice(2), (counts.get(term.slice(2)) ?? 0) + 1);
      const topWords = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word);
      return { members: cluster.members, medoid: cluster.members[medoidIndex], topWords };
    })
    .sort((a, b) => b.members.length - a.members.length || a.medoid.id - b.medoid.id);
}
