import { Tenant } from '../auth/models';
import type { AuditLog } from '../auth/audit-log';
import { AutomationSettingsRow } from '../automation/models';
import { automationSettingsSchema, type AutomationSettings } from '../automation/settings-schema';
import { saveAutomationSettings } from '../automation/settings-service';
import { demoTenant } from './index';

/**
 * The demo merchant's proactive service: every feature on with the shipped defaults, so the seeded
 * orders and cart trigger it (赵磊's parcel stuck in 乌鲁木齐, 张伟's unpaid order and, as a gold
 * member, a thank-you coupon after his delivered iPhone, 李娜's cart left unpaid: demo-carts.ts). Quiet hours are off: a newcomer trying the demo at
 * 23:00 should see the messages, which a real shop's shoppers should not.
 */
export const DEMO_AUTOMATION_SETTINGS: AutomationSettings = automationSettingsSchema.parse({
  quietHours: null,
  logistics: { enabled: true },
  unpaid: { enabled: true },
  carts: { enabled: true },
  highValue: { enabled: true },
});

/**
 * Turns the proactive service on for the demo tenant only, and only when nobody saved its settings
 * yet: a choice made in the console survives restarts. Returns whether it turned it on.
 */
export async function enableDemoProactive(audit: AuditLog): Promise<boolean> {
  const tenant = await Tenant.findOne({ where: { key: demoTenant.key } });
  if (!tenant) return false;
  if (await AutomationSettingsRow.findOne({ where: { tenantId: tenant.id } })) return false;
  await saveAutomationSettings(tenant.id, DEMO_AUTOMATION_SETTINGS);
  await audit.record({
    tenantId: tenant.id,
    actorType: 'system',
    actorId: 'demo-seed',
    action: 'automation.settings_updated',
    targetType: 'automation_settings',
    details: { settings: DEMO_AUTOMATION_SETTINGS, reason: 'DEMO_PROACTIVE' },
  });
  return true;
}
