import type { DialogTopic } from '../dialogue/read-turn';

/**
 * What the engine remembers of one conversation between turns. Plain JSON: the pipeline stores it
 * in conversations.context (database), never only in process memory, so any process can continue.
 */
export interface DialogContext {
  lastIntent?: string;
  /** Slot values in force, from earlier turns. */
  slots: Record<string, string | number>;
  /** Every order number mentioned, oldest first: resolves 上一单 / 第二单 / 不是这个. */
  orderHistory: string[];
  /** Task intents interrupted by a topic switch, most recent last, to return to. */
  topicStack: string[];
  /** The bot's open yes/no question, so 是的 / 算了 resolve against the right intent. */
  pendingConfirmation?: { intent: string; slots: Record<string, string | number> };
  /** Consecutive negative turns: rising anger escalates to a person. */
  angerStreak?: number;
  /** The product question in force, so a follow-up that leaves the subject out is read against it. */
  topic?: DialogTopic;
}

export function emptyDialogContext(): DialogContext {
  return { slots: {}, orderHistory: [], topicStack: [] };
}

/** Reads a stored context defensively: older or foreign shapes become an empty context, never a crash. */
export function readDialogContext(stored: unknown): DialogContext {
  const base = emptyDialogContext();
  if (!stored || typeof stored !== 'object') return base;
  const value = stored as Partial<DialogContext>;
  return {
    lastIntent: typeof value.lastIntent === 'string' ? value.lastIntent : undefined,
    slots: value.slots && typeof value.slots === 'object' ? { ...value.slots } : {},
    orderHistory: Array.isArray(value.orderHistory) ? value.orderHistory.filter((o): o is string => typeof o === 'string').slice(-20) : [],
    topicStack: Array.isArray(value.topicStack) ? value.topicStack.filter((t): t is string => typeof t === 'string').slice(-5) : [],
    pendingConfirmation: value.pendingConfirmation,
    angerStreak: typeof value.angerStreak === 'number' ? value.angerStreak : 0,
    topic: value.topic && typeof value.topic === 'object' ? value.topic : undefined,
  };
}
