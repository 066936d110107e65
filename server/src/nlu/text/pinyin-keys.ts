import { pinyin } from 'pinyin-pro';

/** Every toneless Mandarin syllable (ü written as v, the way shoppers type it: lv, nv). */
export const PINYIN_SYLLABLES: ReadonlySet<string> = new Set([
  'a', 'ai', 'an', 'ang', 'ao', 'ba', 'bai', 'ban', 'bang', 'bao', 'bei', 'ben', 'beng', 'bi', 'bian',
  'biao', 'bie', 'bin', 'bing', 'bo', 'bu', 'ca', 'cai', 'can', 'cang', 'cao', 'ce', 'cen', 'ceng', 'cha',
  'chai', 'chan', 'chang', 'chao', 'che', 'chen', 'cheng', 'chi', 'chong', 'chou', 'chu', 'chua', 'chuai',
  'chuan', 'chuang', 'chui', 'chun', 'chuo', 'ci', 'cong', 'cou', 'cu', 'cuan', 'cui', 'cun', 'cuo', 'da',
  'dai', 'dan', 'dang', 'dao', 'de', 'den', 'deng', 'di', 'dia', 'dian', 'diao', 'die', 'ding', 'diu',
  'dong', 'dou', 'du', 'duan', 'dui', 'dun', 'duo', 'e', 'ei', 'en', 'eng', 'er', 'fa', 'fan', 'fang', 'fei',
  'fen', 'feng', 'fo', 'fou', 'fu', 'ga', 'gai', 'gan', 'gang', 'gao', 'ge', 'gei', 'gen', 'geng', 'gong',
  'gou', 'gu', 'gua', 'guai', 'guan', 'guang', 'gui', 'gun', 'guo', 'ha', 'hai', 'han', 'hang', 'hao', 'he',
  'hei', 'hen', 'heng', 'hong', 'hou', 'hu', 'hua', 'huai', 'huan', 'huang', 'hui', 'hun', 'huo', 'ji',
  'jia', 'jian', 'jiang', 'jiao', 'jie', 'jin', 'jing', 'jiong', 'jiu', 'ju', 'juan', 'jue', 'jun', 'ka',
  'kai', 'kan', 'kang', 'kao', 'ke', 'kei', 'ken', 'keng', 'kong', 'kou', 'ku', 'kua', 'kuai', 'kuan',
  'kuang', 'kui', 'kun', 'kuo', 'la', 'lai', 'lan', 'lang', 'lao', 'le', 'lei', 'leng', 'li', 'lia', 'lian',
  'liang', 'liao', 'lie', 'lin', 'ling', 'liu', 'long', 'lou', 'lu', 'luan', 'lun', 'luo', 'lv', 'lve', 'ma',
  'mai', 'man', 'mang', 'mao', 'me', 'mei', 'men', 'meng', 'mi', 'mian', 'miao', 'mie', 'min', 'ming', 'miu',
  'mo', 'mou', 'mu', 'na', 'nai', 'nan', 'nang', 'nao', 'ne', 'nei', 'nen', 'neng', 'ni', 'nian', 'niang',
  'niao', 'nie', 'nin', 'ning', 'niu', 'nong', 'nou', 'nu', 'nuan', 'nuo', 'nv', 'nve', 'o', 'ou', 'pa',
  'pai', 'pan', 'pang', 'pao', 'pei', 'pen', 'peng', 'pi', 'pian', 'piao', 'pie', 'pin', 'ping', 'po', 'pou',
  'pu', 'qi', 'qia', 'qian', 'qiang', 'qiao', 'qie', 'qin', 'qing', 'qiong', 'qiu', 'qu', 'quan', 'que',
  'qun', 'ran', 'rang', 'rao', 're', 'ren', 'reng', 'ri', 'rong', 'rou', 'ru', 'ruan', 'rui', 'run', 'ruo',
  'sa', 'sai', 'san', 'sang', 'sao', 'se', 'sen', 'seng', 'sha', 'shai', 'shan', 'shang', 'shao', 'she',
  'shen', 'sheng', 'shi', 'shou', 'shu', 'shua', 'shuai', 'shuan', 'shuang', 'shui', 'shun', 'shuo', 'si',
  'song', 'sou', 'su', 'suan', 'sui', 'sun', 'suo', 'ta', 'tai', 'tan', 'tang', 'tao', 'te', 'teng', 'ti',
  'tian', 'tiao', 'tie', 'ting', 'tong', 'tou', 'tu', 'tuan', 'tui', 'tun', 'tuo', 'wa', 'wai', 'wan',
  'wang', 'wei', 'wen', 'weng', 'wo', 'wu', 'xi', 'xia', 'xian', 'xiang', 'xiao', 'xie', 'xin', 'xing',
  'xiong', 'xiu', 'xu', 'xuan', 'xue', 'xun', 'ya', 'yan', 'yang', 'yao', 'ye', 'yi', 'yin', 'ying', 'yo',
  'yong', 'you', 'yu', 'yuan', 'yue', 'yun', 'za', 'zai', 'zan', 'zang', 'zao', 'ze', 'zei', 'zen', 'zeng',
  'zha', 'zhai', 'zhan', 'zhang', 'zhao', 'zhe', 'zhen', 'zheng', 'zhi', 'zhong', 'zhou', 'zhu', 'zhua',
  'zhuai', 'zhuan', 'zhuang', 'zhui', 'zhun', 'zhuo', 'zi', 'zong', 'zou', 'zu', 'zuan', 'zui', 'zun', 'zuo',
]);

const HANZI = /^[\u3400-\u9fff\uf900-\ufaff]$/;

export function isHanzi(char: string): boolean {
  return HANZI.test(char);
}

/**
 * Toneless pinyin of a string, one entry per character (non-hanzi characters map to themselves,
 * lower-cased). pinyin-pro is given the whole string so polyphones are read in context (长度 vs 长大).
 */
export function tonelessPinyin(text: string): string[] {
  const cached = recentPinyin.get(text);
  if (cached) return cached.slice();
  const read = readPinyin(text);
  remember(recentPinyin, text, read);
  return read.slice();
}

// The typo corrector, the catalog resolver and the intent featuriser each read the pinyin of the same
// runs of one turn; a memo of the last few runs spares the repeats (pinyin-pro is one of the engine's
// costliest calls) without per-turn plumbing. It is far too small to remember turns across messages.
const RECENT_LIMIT = 16;
const recentPinyin = new Map<string, string[]>();

/** Insertion-ordered Map as a tiny LRU: re-inserting moves a key to the end; the oldest is dropped first. */
export function remember<V>(memo: Map<string, V>, key: string, value: V, limit = RECENT_LIMIT): void {
  memo.delete(key);
  memo.set(key, value);
  if (memo.size > limit) memo.delete(memo.keys().next().value as string);
}

function readPinyin(text: string): string[] {
  const chars = Array.from(text);
  if (!chars.some(isHanzi)) return chars.map((c) => c.toLowerCase());
  const read = pinyin(text, { toneType: 'none', type: 'array', v: true, nonZh: 'spaced' });
  // pinyin-pro keeps one entry per character in 'spaced' mode; fall back per character if it ever doesn't.
  if (read.length !== chars.length) return chars.map((c) => (isHanzi(c) ? pinyin(c, { toneType: 'none', v: true }) : c.toLowerCase()));
  return read.map((p, i) => (isHanzi(chars[i]) ? p : chars[i].toLowerCase()));
}

/**
 * Collapses the distinctions southern speakers and hurried typists blur (zh/z, ch/c, sh/s, n/l,
 * -ng/-n, h/f before u), so 戴深 and 戴森 share a key.
 */
export function fuzzySyllable(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^l/, 'n')
    .replace(/^hu/, 'fu')
    .replace(/([aei])ng$/, '$1n')
    .replace(/ing$/, 'in');
}

const MAX_SYLLABLE_LEN = 6;

/**
 * Splits a run of Latin letters into toneless pinyin syllables with as few syllables as possible
 * ("fapiaozenmekai" → fa piao zen me kai; "xian" stays one), or null when the run is not pinyin.
 * Shared by the pinyin-input converter (is this token pinyin at all?) and the intent featuriser
 * (pinyin-typed runs and hanzi meet as the same syllables, which also absorbs homophone typos).
 */
export function splitPinyinSyllables(run: string): string[] | null {
  const word = run.toLowerCase();
  if (!/^[a-z]+$/.test(word)) return null;
  const n = word.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const back = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < n; i += 1) {
    if (best[i] === Infinity) continue;
    for (let len = 1; len <= MAX_SYLLABLE_LEN && i + len <= n; len += 1) {
      if (PINYIN_SYLLABLES.has(word.slice(i, i + len)) && best[i] + 1 < best[i + len]) {
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
