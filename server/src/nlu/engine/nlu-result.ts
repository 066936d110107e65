import type { TurnReading } from '../dialogue/read-turn';

/** One understood turn: the NLU contract's CLI output (minus id/turn), plus what the dialogue step reads. */
export interface NluResult {
  intent: string;
  confidence: number;
  slots: Record<string, string | number>;
  carried: string[];
  normalized: string;
  sentiment: 'negative' | 'neutral' | 'positive';
  /** 0..1, how strongly the sentiment is expressed. */
  sentimentIntensity: number;
  needs: string[];
  /** When the bot had asked a yes/no question: which one this affirm/deny answers. */
  confirmation?: { of: string; answer: 'yes' | 'no' };
  /** Products, categories, order cues and the product fact asked for (not part of the CLI output). */
  reading?: TurnReading;
  /** A follow-up that left its subject out, with the subject put back ("价格呢" → "小米14价格呢"). */
  question?: string;
}
