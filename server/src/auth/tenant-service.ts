import { Tenant } from './models';

export async function findTenantByKey(key: string): Promise<Tenant | null> {
  return Tenant.findOne({ where: { key } });
}

export async function findTenantById(id: number): Promise<Tenant | null> {
  return Tenant.findOne({ where: { id } });
}
