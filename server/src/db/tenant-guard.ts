import type { FindOptions, Model, ModelStatic, Sequelize } from 'sequelize';
import { KefuError } from '@kefu/shared';

/** Marks a query that deliberately spans tenants (boot-time recovery, migrations of data). */
export const CROSS_TENANT = { crossTenant: true } as const;

class TenantScopeViolation extends KefuError {
  constructor(model: string, operation: string) {
    super(500, 'tenant_scope_violation', `${operation} on ${model} without a tenantId condition`);
  }
}

function isTenantOwned(model: ModelStatic<Model> | undefined): boolean {
  return Boolean(model && 'tenantId' in model.getAttributes());
}

function hasTenantCondition(where: unknown): boolean {
  if (!where || typeof where !== 'object') return false;
  const record = where as Record<string, unknown>;
  // Bulk destroy/update hooks see the where after Sequelize mapped attributes to column names.
  const value = record.tenantId ?? record.tenant_id;
  return value !== undefined && value !== null;
}

/**
 * The one place tenant scoping is enforced: every read, update and delete of a tenant-owned table
 * must name its tenant in the top-level where, and every insert must carry a tenantId; otherwise
 * the query never reaches the database. Services still pass tenantId themselves; this guard turns a
 * forgotten condition into a loud error instead of a cross-tenant leak.
 */
export function installTenantGuard(sequelize: Sequelize): void {
  // Sequelize runs universal hooks with `this` bound to the model being queried.
  const check = (operation: string) =>
    function checkTenantCondition(this: ModelStatic<Model>, options: FindOptions & { crossTenant?: boolean }) {
      if (options.crossTenant) return;
      if (isTenantOwned(this) && !hasTenantCondition(options.where)) {
        throw new TenantScopeViolation(this.name, operation);
      }
    };
  const checkInsert = (instance: Model) => {
    const model = instance.constructor as ModelStatic<Model>;
    if (isTenantOwned(model) && !instance.get('tenantId' as never)) {
      throw new TenantScopeViolation(model.name, 'insert');
    }
  };
  sequelize.addHook('beforeFind', check('find'));
  sequelize.addHook('beforeCount', check('count'));
  sequelize.addHook('beforeBulkUpdate', check('update'));
  sequelize.addHook('beforeBulkDestroy', check('destroy'));
  // beforeCreate, not beforeValidate: a static Model.update validates a partial instance without tenantId.
  sequelize.addHook('beforeCreate', checkInsert);
  sequelize.addHook('beforeBulkCreate', (instances: Model[]) => instances.forEach(checkInsert));
}
