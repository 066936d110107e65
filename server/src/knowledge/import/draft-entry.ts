/** One entry as a parser found it, before classification. */
export interface DraftEntry {
  title: string;
  answer: string;
  similarQuestions?: string[];
  tags?: string[];
  keywords?: string[];
  category?: string | null;
}
