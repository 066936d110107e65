import { DataTypes, type ModelAttributeColumnOptions, type Model } from 'sequelize';

/**
 * JSON stored as TEXT: MariaDB's JSON is LONGTEXT with a check, SQLite has none, and mysql2 returns
 * MariaDB JSON as a string anyway. One getter/setter pair keeps every dialect identical.
 */
export function jsonAttribute<T>(attribute: string, fallback: T, allowNull = true): ModelAttributeColumnOptions<Model> {
  return {
    type: DataTypes.TEXT,
    allowNull,
    get(this: Model): T {
      const raw = this.getDataValue(attribute as never) as unknown;
      if (raw === null || raw === undefined) return fallback;
      return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
    },
    set(this: Model, value: T | null) {
      this.setDataValue(attribute as never, (value === null || value === undefined ? null : JSON.stringify(value)) as never);
    },
  };
}
