/** The fields of a knowledge entry that retrieval reads; decoupled from the Sequelize model so indexes are plain data. */
export interface IndexableEntry {
  id: number;
  slug: string;
  title: string;
  answer: string;
  keywords: string[];
  similarQuestions: string[];
  version: number;
}
