import type { QueryInterface } from 'sequelize';
import { initialSchema } from './0001-initial-schema';
import { knowledgeRevisions } from './0002-knowledge-revisions';
import { nluResultsAndMerchantIntents } from './0003-nlu-results-and-merchant-intents';

export interface Migration {
  name: string;
  up(queryInterface: QueryInterface): Promise<void>;
  down(queryInterface: QueryInterface): Promise<void>;
}

/** Listed explicitly (not globbed) so the same list runs under tsx, ts-jest and compiled output. */
export const migrations: Migration[] = [initialSchema, knowledgeRevisions, nluResultsAndMerchantIntents];
