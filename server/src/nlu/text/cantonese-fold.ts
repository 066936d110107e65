/**
 * Written Cantonese function words folded to their Mandarin counterparts, by the engine (so
 * `normalized` shows the reading it understood) and by the intent features (so the training corpus's
 * Cantonese templates are read the same way). 快啲发货 and 快点发货 ask the same thing, and the
 * training corpus holds far more Mandarin than Cantonese; folding lets every Mandarin example teach
 * the Cantonese turn too. Only words that are unambiguous in shopping chat are listed; multi-character
 * entries come first so 唔该 (please) is not read as 唔 (not) + 该.
 */
const FOLDS: [string, string][] = [
  ['唔该', '麻烦'],
  ['唔系', '不是'],
  ['系咪', '是不是'],
  ['乜嘢', '什么'],
  ['咩嘢', '什么'],
  ['边度', '哪里'],
  ['点解', '为什么'],
  ['几时', '什么时候'],
  ['咗', '了'],
  ['嘅', '的'],
  ['啲', '点'],
  ['冇', '没'],
  ['唔', '不'],
  ['係', '是'],
  ['喺', '在'],
  ['佢', '它'],
  ['嘢', '东西'],
];

const PATTERN = new RegExp(FOLDS.map(([from]) => from).join('|'), 'g');
const TO = new Map(FOLDS);

/** Mandarin reading of written Cantonese particles (simplified text in, simplified text out). */
export function foldCantonese(text: string): string {
  return text.replace(PATTERN, (word) => TO.get(word) ?? word);
}
