/** hit@1, hit@5 and MRR@10 of ranked doc ids against one gold id per query. */
export function scoreRankings(rankings: { gold: string; ranked: string[] }[]): { hit1: number; hit5: number; mrr10: number } {
  let hit1 = 0;
  let hit5 = 0;
  let mrr = 0;
  for (const { gold, ranked } of rankings) {
    const rank = ranked.slice(0, 10).indexOf(gold);
    if (rank === 0) hit1 += 1;
    if (rank >= 0 && rank < 5) hit5 += 1;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = Math.max(1, rankings.length);
  return { hit1: hit1 / n, hit5: hit5 / n, mrr10: mrr / n };
}
