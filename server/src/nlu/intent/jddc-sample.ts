import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataPath } from '../../shared-data-path';

/**
 * A hand-labelled sample of real JD customer turns, for measuring how the engine does on text it was
 * never trained or tuned on. The repository holds only labels and line numbers (the JDDC text may be
 * read, not redistributed); the text is read from ../shared/data at measurement time, and a short
 * hash per line proves it is the text that was labelled.
 *
 * How the sample was drawn: customer turns (column 3 = 0) of chat_0.1per.txt, minus empty turns and
 * auto-generated order cards (`[订单编号:…`), 130 picked with Python's random.Random(20261126).sample;
 * 90 could be labelled from the turn alone and were kept. The other 40 were bare values ([订单x],
 * [链接x], names and addresses) or replies whose meaning depends on the agent's previous message.
 * A bare acknowledgement (好的) with no context is labelled as either affirm or thanks_bye.
 */
export const JDDC_SAMPLE_FIXTURE = join(__dirname, '..', '..', '..', 'test', 'nlu', 'fixtures', 'jddc-intent-sample.jsonl');

export interface JddcLabelledTurn {
  line: number;
  text: string;
  /** Acceptable intents; more than one only for context-free acknowledgements. */
  intents: string[];
}

interface FixtureRow {
  line: number;
  sha256: string;
  intents: string[];
}

const CONTROL = new Set(['greeting', 'thanks_bye', 'affirm', 'deny', 'human.handoff']);

/** True for turns that ask for something (not greetings, thanks, yes/no or hand-off). */
export function isRequestTurn(turn: JddcLabelledTurn): boolean {
  return !turn.intents.every((intent) => CONTROL.has(intent));
}

export function loadJddcSample(fixture = JDDC_SAMPLE_FIXTURE, chat = sharedDataPath('jddc', 'chat_0.1per.txt')): JddcLabelledTurn[] {
  const lines = readFileSync(chat, 'utf8').split('\n');
  return readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((row) => row.trim() !== '')
    .map((row, index) => {
      const label = JSON.parse(row) as FixtureRow;
      const text = (lines[label.line] ?? '').split('\t')[6]?.trim() ?? '';
      const sha = createHash('sha256').update(text).digest('hex').slice(0, label.sha256.length);
      if (!text || sha !== label.sha256) throw new Error(`${fixture}:${index + 1}: line ${label.line} of ${chat} is not the text that was labelled`);
      return { line: label.line, text, intents: label.intents };
    });
}
