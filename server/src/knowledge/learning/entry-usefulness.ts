import type { EntryOutcome } from './entry-outcomes';

/**
 * Pseudo-votes of the neutral prior (a Beta(2, 2)): an entry's usefulness starts at 0.5 and needs
 * several consistent signals to move far, so one misclick or one angry shopper barely shifts it.
 */
const PRIOR_UP = 2;
const PRIOR_DOWN = 2;
/** Resolution is implicit (a shopper may close or call a person for other reasons): half a vote. */
const OUTCOME_WEIGHT = 0.5;
/**
 * The most feedback can change a search score: ±20%. Enough to reorder close candidates (two
 * entries both matching a question), never enough to bury a clear match under a well-liked one.
 */
export const MAX_PRIOR_EFFECT = 0.2;
/** Flagged for rewriting: usefulness below this after at least FLAG_MIN_SIGNALS signals. */
export const FLAG_BELOW_USEFULNESS = 0.35;
export const FLAG_MIN_SIGNALS = 4;
/** How far back feedback and outcomes are read: old votes judged revisions that may be long gone. */
export const USEFULNESS_WINDOW_DAYS = 90;

export interface EntryUsefulness {
  up: number;
  down: number;
  resolved: number;
  handedOff: number;
  /** Posterior mean in [0, 1]; 0.5 without evidence. */
  usefulness: number;
  /** What the entry's search score is multiplied by, in [1 − MAX_PRIOR_EFFECT, 1 + MAX_PRIOR_EFFECT]. */
  rankingFactor: number;
  /** Keeps failing: proposed for rewriting. */
  flagged: boolean;
}

export function usefulnessOf(o: Pick<EntryOutcome, 'up' | 'down' | 'resolved' | 'handedOff'>): EntryUsefulness {
  const good = o.up + OUTCOME_WEIGHT * o.resolved;
  const bad = o.down + OUTCOME_WEIGHT * o.handedOff;
  const usefulness = (PRIOR_UP + good) / (PRIOR_UP + PRIOR_DOWN + good + bad);
  const signals = o.up + o.down + o.resolved + o.handedOff;
  return {
    up: o.up,
    down: o.down,
    resolved: o.resolved,
    handedOff: o.handedOff,
    usefulness: Number(usefulness.toFixed(4)),
    rankingFactor: Number((1 + 2 * MAX_PRIOR_EFFECT * (usefulness - 0.5)).toFixed(4)),
    flagged: signals >= FLAG_MIN_SIGNALS && usefulness < FLAG_BELOW_USEFULNESS,
  };
}

export const NO_EVIDENCE: EntryUsefulness = usefulnessOf({ up: 0, down: 0, resolved: 0, handedOff: 0 });

export function usefulnessSince(now = Date.now()): Date {
  return new Date(now - USEFULNESS_WINDOW_DAYS * 24 * 3600 * 1000);
}
