import { DataTypes, type ModelAttributeColumnOptions, type QueryInterface } from 'sequelize';

/**
 * Ids are BIGINT UNSIGNED on MySQL (messages and events grow without bound) and INTEGER on SQLite,
 * where only `INTEGER PRIMARY KEY` may autoincrement.
 */
export function columnKit(queryInterface: QueryInterface) {
  const isMysql = queryInterface.sequelize.getDialect() === 'mysql';
  const idType = isMysql ? DataTypes.BIGINT.UNSIGNED : DataTypes.INTEGER;
  return {
    id: (): ModelAttributeColumnOptions => ({ type: idType, primaryKey: true, autoIncrement: true, allowNull: false }),
    ref: (table: string, allowNull = false, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'CASCADE'): ModelAttributeColumnOptions => ({
      type: idType,
      allowNull,
      references: { model: table, key: 'id' },
      onDelete,
    }),
    timestamps: (): Record<string, ModelAttributeColumnOptions> => ({
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    }),
    createdOnly: (): Record<string, ModelAttributeColumnOptions> => ({ created_at: { type: DataTypes.DATE(3), allowNull: false } }),
    json: (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull }),
    longText: (allowNull = true): ModelAttributeColumnOptions => ({ type: isMysql ? DataTypes.TEXT('medium') : DataTypes.TEXT, allowNull }),
  };
}

/**
 * Removes a column without losing rows elsewhere. SQLite has no DROP COLUMN here: Sequelize rebuilds
 * the table (copy, drop, rename), and with foreign keys on, dropping the original cascades into every
 * table that references it (removing a column of channel_identities would delete every message).
 * Foreign keys are off for the rebuild only; MySQL drops the column in place.
 */
export async function removeColumnKeepingRows(queryInterface: QueryInterface, table: string, column: string): Promise<void> {
  if (queryInterface.sequelize.getDialect() !== 'sqlite') {
    await queryInterface.removeColumn(table, column);
    return;
  }
  await queryInterface.sequelize.query('PRAGMA foreign_keys = OFF');
  try {
    await queryInterface.removeColumn(table, column);
  } finally {
    await queryInterface.sequelize.query('PRAGMA foreign_keys = ON');
  }
}
