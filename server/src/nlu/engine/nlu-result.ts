/** One understood turn, exactly the shape of the NLU contract's CLI output (minus id/turn). */
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
}
