import type { InitOptions, Model, Sequelize } from 'sequelize';

/** Shared model options: snake_case columns and timestamps, matching the migrations. */
export function modelOptions<M extends Model>(sequelize: Sequelize, tableName: string, extra: Partial<InitOptions<M>> = {}): InitOptions<M> {
  return { sequelize, tableName, underscored: true, timestamps: true, ...extra };
}

/** Tables that only ever append (audit, events) have created_at but no updated_at. */
export function appendOnlyOptions<M extends Model>(sequelize: Sequelize, tableName: string): InitOptions<M> {
  return { sequelize, tableName, underscored: true, timestamps: true, updatedAt: false };
}
