import type { Model, ModelStatic, WhereOptions, CreationAttributes } from 'sequelize';
import { retryOnConflict } from '../db/retry-on-conflict';

/**
 * Find-or-create on a unique key without Sequelize's findOrCreate, whose internal re-query on SQLite
 * drops the tenant condition and trips the tenant guard. A lost race retries and finds the winner.
 */
export function findOrCreateRow<M extends Model>(model: ModelStatic<M>, where: WhereOptions<M> & { tenantId: number }, defaults: CreationAttributes<M>): Promise<M> {
  return retryOnConflict(async () => (await model.findOne({ where })) ?? (await model.create(defaults)));
}
