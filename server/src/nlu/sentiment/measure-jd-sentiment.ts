/**
 * `npx tsx server/src/nlu/sentiment/measure-jd-sentiment.ts <labels.tsv>...`: the shipped sentiment
 * model on hand-labelled real JD customer turns. The labels live outside the repository (the JDDC text
 * may be read, not redistributed): each line is `line<TAB>session<TAB>label[<TAB>anything]`, where line
 * is the 1-based line of chat_0.1per.txt, session its session id (checked, so a label cannot drift onto
 * another turn) and label `negative`, `question` (a plain service question or request) or `other`.
 * Prints negative recall and precision, and how often plain questions are called negative; `--show`
 * also prints the turns it gets wrong (for the half you work on, never the held-out one).
 */
import { readFileSync } from 'node:fs';
import { sharedDataPath } from '../../shared-data-path';
import { trainSentimentModel } from './train-sentiment-model';

const LABELS = new Set(['negative', 'question', 'other']);

interface LabelledTurn {
  text: string;
  label: string;
}

function readLabelledTurns(labelFile: string, chatLines: string[]): LabelledTurn[] {
  return readFileSync(labelFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const [lineNo, session, label] = line.split('\t');
      const cells = (chatLines[Number(lineNo) - 1] ?? '').split('\t');
      if (cells[0] !== session || cells[2] !== '0') throw new Error(`${labelFile}:${i + 1}: line ${lineNo} is not a customer turn of session ${session}`);
      if (!LABELS.has(label)) throw new Error(`${labelFile}:${i + 1}: unknown label ${label}`);
      return { text: cells[6], label };
    });
}

function main(): void {
  const show = process.argv.includes('--show');
  const files = process.argv.slice(2).filter((a) => a !== '--show');
  if (files.length === 0) throw new Error('usage: measure-jd-sentiment.ts <labels.tsv>...');
  const chatLines = readFileSync(sharedDataPath('jddc', 'chat_0.1per.txt'), 'utf8').split('\n');
  const model = trainSentimentModel();
  for (const file of files) {
    const turns = readLabelledTurns(file, chatLines);
    const c = { tp: 0, fp: 0, fn: 0, questions: 0, questionsNegative: 0 };
    for (const turn of turns) {
      const negative = model.analyze(turn.text).label === 'negative';
      const gold = turn.label === 'negative';
      if (show && negative !== gold) console.log(`  ${gold ? 'missed' : 'false alarm'}: ${turn.text}`);
      if (negative && gold) c.tp += 1;
      else if (negative) c.fp += 1;
      else if (gold) c.fn += 1;
      if (turn.label === 'question') {
        c.questions += 1;
        if (negative) c.questionsNegative += 1;
      }
    }
    console.log(
      `${file}: ${turns.length} turns, ${c.tp + c.fn} negative; negative recall ${(c.tp / (c.tp + c.fn)).toFixed(3)} (${c.tp}/${c.tp + c.fn}), ` +
        `precision ${(c.tp / Math.max(1, c.tp + c.fp)).toFixed(3)} (${c.tp}/${c.tp + c.fp}); plain questions called negative ${c.questionsNegative}/${c.questions}`,
    );
  }
}

main();
