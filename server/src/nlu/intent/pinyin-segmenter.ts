/**
 * Splits a run of Latin letters into toneless pinyin syllables ("fapiaozenmekai" → fa piao zen me
 * kai), or returns null when the run is not pinyin. Shoppers type pinyin without picking characters;
 * mapping both those runs and Chinese characters to syllables lets one model serve both, and also
 * absorbs homophone typos (发漂 and 发票 are both "fa piao").
 */
const INITIALS = ['', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'zh', 'ch', 'sh', 'r', 'z', 'c', 's', 'y', 'w'];
const FINALS = ['a', 'o', 'e', 'i', 'u', 'v', 'ai', 'ei', 'ui', 'ao', 'ou', 'iu', 'ie', 've', 'er', 'an', 'en', 'in', 'un', 'vn', 'ang', 'eng', 'ing', 'ong',
  'ia', 'iao', 'ian', 'iang', 'iong', 'ua', 'uo', 'uai', 'uan', 'uang', 'ue'];

// Over-generates a few impossible syllables; harmless, because they only ever map Latin to tokens.
const SYLLABLES = new Set<string>(INITIALS.flatMap((i) => FINALS.map((f) => i + f)).filter((s) => s.length > 1 || 'aoe'.includes(s)));
SYLLABLES.add('m');
SYLLABLES.add('ng');
const MAX_SYLLABLE = 6;

export function segmentPinyin(run: string): string[] | null {
  const word = run.toLowerCase();
  if (!/^[a-z]+$/.test(word)) return null;
  const n = word.length;
  // best[i] = fewest syllables covering word[0..i); fewest wins so "xian" stays one syllable.
  const best = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i += 1) {
    if (best[i] === Infinity) continue;
    for (let len = 1; len <= MAX_SYLLABLE && i + len <= n; len += 1) {
      if (SYLLABLES.has(word.slice(i, i + len)) && best[i] + 1 < best[i + len]) {
        best[i + len] = best[i] + 1;
        back[i + len] = i;
      }
    }
  }
  if (best[n] === Infinity) return null;
  const out: string[] = [];
  for (let end = n; end > 0; end = back[end]) out.push(word.slice(back[end], end));
  return out.reverse();
}
