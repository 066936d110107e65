import type { QueryInterface } from 'sequelize';

/** One schema step; each migration file imports this, not the index that lists them (which imports every file). */
export interface Migration {
  name: string;
  up(queryInterface: QueryInterface): Promise<void>;
  down(queryInterface: QueryInterface): Promise<void>;
}
