/**
 * Measures product resolution on an NLU dev/held-out set: for every gold turn with a non-carried
 * `product` slot, runs normalizeText → pinyin input → TypoCorrector → CatalogResolver.resolve and
 * compares with the gold catalog name; also counts products found in turns whose gold has none.
 *
 *   npx tsx server/src/nlu/catalog/measure-product-resolution.ts [DATA_DIR] [--no-pinyin]
 *
 * --no-pinyin skips the pinyin-input step (the resolver still matches pinyin of Chinese names itself).
 *
 * Accuracy goes to stdout, each miss to stderr.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeText } from '../text/normalize-text';
import { PinyinInputConverter } from '../text/pinyin-input';
import { ECOMMERCE_LEXICON, ECOMMERCE_TERMS } from '../text/ecommerce-lexicon';
import { CatalogResolver, type CatalogProduct } from './catalog-resolver';
import { TypoCorrector } from './typo-corrector';
import { sharedDataPath } from '../../shared-data-path';

interface Gold {
  id: string;
  turn: number;
  slots: Record<string, unknown>;
  carried: string[];
}

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function main(): void {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? sharedDataPath('nlu-dev');
  const usePinyin = !args.includes('--no-pinyin');
  const catalog = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { products: CatalogProduct[] };
  const dialogs = readJsonl<{ id: string; turns: string[] }>(join(dir, 'dialogs.jsonl'));
  const gold = readJsonl<Gold>(join(dir, 'gold.jsonl'));
  const turns = new Map(dialogs.map((d) => [d.id, d.turns]));

  const resolver = new CatalogResolver(catalog.products);
  const vocabulary = resolver.vocabulary();
  const latinWords = vocabulary.flatMap((w) => w.match(/[A-Za-z]+/g) ?? []);
  const pinyin = new PinyinInputConverter([...vocabulary, ...ECOMMERCE_LEXICON], latinWords);
  const typos = new TypoCorrector([...vocabulary, ...ECOMMERCE_TERMS]);

  let total = 0;
  let correct = 0;
  let negatives = 0;
  let falsePositives = 0;
  for (const g of gold) {
    const raw = turns.get(g.id)?.[g.turn];
    if (raw === undefined) continue;
    const normalized = normalizeText(raw).text;
    const text = typos.correct(usePinyin ? pinyin.convert(normalized).text : normalized).text;
    const found = resolver.resolve(text);
    const expected = g.slots.product;
    if (typeof expected === 'string' && !g.carried.includes('product')) {
      total++;
      if (found?.product.name === expected) correct++;
      else console.error(`MISS ${g.id}#${g.turn} ${JSON.stringify(raw)} → ${JSON.stringify(text)}: got ${found ? `${found.product.name} (${found.matched} ${found.score})` : 'null'}, want ${expected}`);
    } else if (expected === undefined) {
      negatives++;
      if (found) {
        falsePositives++;
        console.error(`FALSE+ ${g.id}#${g.turn} ${JSON.stringify(raw)} → ${found.product.name} (${found.matched} ${found.score})`);
      }
    }
  }
  const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : '0.0');
  console.log(`product resolution: ${correct}/${total} = ${pct(correct, total)}%`);
  console.log(`false positives on turns without a product: ${falsePositives}/${negatives} = ${pct(falsePositives, negatives)}%`);
}

main();
