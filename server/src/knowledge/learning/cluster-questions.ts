import { analyzeSearchText } from '../retrieval/analyze-search-text';
import { synonymVariants } from '../retrieval/ecommerce-synonyms';

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

/** Question words say how something is asked, not what about: 怎么退货 and 以旧换新怎么参加 differ. */
const QUESTION_WORDS = new Set('怎么 怎样 如何 什么 为什么 时候 什么时候 几点 几天 多久 多少 哪里 哪些 哪个 哪 在哪 哪儿 能不能 可不可以 是不是 有没有 支持 可以 能 吗 呢 啥 咋 请问 你们'.split(' '));

/** Synonym groups that are ways of asking (怎么 / 如何), not topics. */
const QUESTION_GROUPS = new Set(['s:how', 's:why', 's:can']);

interface Features {
  /** Words, bigrams and synonym groups: keeps near-misses (typos, odd segmentation) together. */
  all: Set<string>;
  /** The topic: topical words, with the words of a synonym group replaced by the group (门店 and 实体店 are one topic). */
  topic: Set<string>;
  /** The topical words as written, for the cluster's keywords. */
  words: string[];
}

function featuresOf(text: string): Features {
  const analyzed = analyzeSearchText(text);
  const words = analyzed.words.filter((w) => !QUESTION_WORDS.has(w.slice(2)));
  const groups = analyzed.synonyms.filter((g) => !QUESTION_GROUPS.has(g));
  // 线下店 segments as 线下 + 店: a word inside a variant (or holding one) belongs to the group.
  const variants = groups.flatMap((g) => synonymVariants(g.slice(2)));
  const ungrouped = words.filter((w) => !variants.some((v) => v.includes(w.slice(2)) || w.slice(2).includes(v)));
  return {
    all: new Set([...analyzed.words, ...analyzed.bigrams, ...analyzed.synonyms]),
    topic: new Set([...ungrouped, ...groups]),
    words,
  };
}

function shared(a: Set<string>, b: Set<string>): number {
  let count = 0;
  for (const x of a) if (b.has(x)) count += 1;
  return count;
}

/**
 * Dice over everything, or the overlap coefficient of topical words: short questions about one
 * thing (今晚有直播吗 / 你们什么时候直播) share little text but all of their topic.
 */
function similarity(a: Features, b: Features): number {
  const dice = a.all.size && b.all.size ? (2 * shared(a.all, b.all)) / (a.all.size + b.all.size) : 0;
  const topic = a.topic.size && b.topic.size ? shared(a.topic, b.topic) / Math.min(a.topic.size, b.topic.size) : 0;
  return Math.max(dice, TOPIC_WEIGHT * topic);
}

/** Two questions this alike are taken to ask the same thing. */
const JOIN_SIMILARITY = 0.35;
/** All topical words shared counts 0.5: enough to join, less than near-identical text. */
const TOPIC_WEIGHT = 0.5;

/**
 * Leader clustering: each question joins the most similar existing cluster (compared with every
 * member, so a cluster may drift a little) or starts a new one. One pass, order-dependent but
 * deterministic for the same input; enough for the few hundred unanswered questions a shop sees
 * between reviews. Clusters come back largest first.
 */
export function clusterQuestions<T extends ClusterInput>(questions: T[]): QuestionCluster<T>[] {
  const clusters: { members: T[]; features: Features[] }[] = [];
  for (const question of questions) {
    const features = featuresOf(question.text);
    if (features.all.size === 0) continue;
    let best: { index: number; similarity: number } | null = null;
    clusters.forEach((cluster, index) => {
      const closest = Math.max(...cluster.features.map((f) => similarity(features, f)));
      if (closest >= JOIN_SIMILARITY && (!best || closest > best.similarity)) best = { index, similarity: closest };
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
      const centrality = cluster.features.map((f, i) => cluster.features.reduce((sum, g, j) => (i === j ? sum : sum + similarity(f, g)), 0));
      const medoidIndex = centrality.indexOf(Math.max(...centrality));
      const counts = new Map<string, number>();
      for (const f of cluster.features) for (const term of new Set(f.words)) counts.set(term.slice(2), (counts.get(term.slice(2)) ?? 0) + 1);
      const topWords = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word);
      return { members: cluster.members, medoid: cluster.members[medoidIndex], topWords };
    })
    .sort((a, b) => b.members.length - a.members.length || a.medoid.id - b.medoid.id);
}
