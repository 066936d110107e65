import type { KefuConfig } from '@kefu/shared';
import { Op } from 'sequelize';
import { Tenant, User } from '../auth/models';
import type { Runtime } from '../runtime';
import { demoConsoleUsers, demoTenant } from './index';

/**
 * Whether this process shows the demo merchant (seed, demo page, `/demo/shopper-token`, the printed
 * logins). Never in production: the demo's passwords and shopper-token secret are public, so a
 * production server with them would let anyone sign in as its owner or as any of its shoppers.
 */
export function demoModeOn(config: Pick<KefuConfig, 'NODE_ENV' | 'SEED_DEMO'>, embedded: boolean): boolean {
  return config.NODE_ENV !== 'production' && (config.SEED_DEMO ?? embedded);
}

/**
 * A database that was once run with the demo and is now served in production keeps the demo's
 * console users, whose passwords are in the README: disable them at boot (audited), so none of
 * them can sign in. Returns how many were disabled.
 */
export async function retireDemoLogins(runtime: Pick<Runtime, 'audit' | 'config'>): Promise<number> {
  if (runtime.config.NODE_ENV !== 'production') return 0;
  const tenant = await Tenant.findOne({ where: { key: demoTenant.key } });
  if (!tenant) return 0;
  const users = await User.findAll({ where: { tenantId: tenant.id, email: demoConsoleUsers.map((u) => u.email), disabledAt: { [Op.is]: null } } });
  for (const user of users) {
    await user.update({ disabledAt: new Date() });
    await runtime.audit.record({ tenantId: tenant.id, actorType: 'system', actorId: null, action: 'user.disabled', targetType: 'user', targetId: user.id, details: { reason: 'demo_login_in_production' } });
  }
  return users.length;
}
