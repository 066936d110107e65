import type { Transaction } from 'sequelize';
import { retryOnConflict } from '../db/retry-on-conflict';
import { AutomationSettingsRow } from './models';
import { automationSettingsSchema, DEFAULT_AUTOMATION_SETTINGS, type AutomationSettings } from './settings-schema';

export async function loadAutomationSettings(tenantId: number): Promise<AutomationSettings> {
  const row = await AutomationSettingsRow.findOne({ where: { tenantId } });
  if (!row) return DEFAULT_AUTOMATION_SETTINGS;
  // Parsing on read fills defaults added after the row was saved.
  const parsed = automationSettingsSchema.safeParse(row.settings);
  return parsed.success ? parsed.data : DEFAULT_AUTOMATION_SETTINGS;
}

export async function saveAutomationSettings(tenantId: number, settings: AutomationSettings, transaction?: Transaction): Promise<void> {
  await retryOnConflict(async () => {
    const row = await AutomationSettingsRow.findOne({ where: { tenantId }, transaction });
    if (row) await row.update({ settings }, { transaction });
    else await AutomationSettingsRow.create({ tenantId, settings }, { transaction });
  });
}

/** Tenants that turned at least one proactive feature on: the scan job visits only these. */
export async function listTenantsWithAutomation(): Promise<number[]> {
  const rows = await AutomationSettingsRow.findAll({ attributes: ['tenantId', 'settings'], crossTenant: true } as Parameters<typeof AutomationSettingsRow.findAll>[0]);
  return rows
    .filter((row) => {
      const parsed = automationSettingsSchema.safeParse(row.settings);
      return parsed.success && (parsed.data.logistics.enabled || parsed.data.unpaid.enabled || parsed.data.carts.enabled || parsed.data.highValue.enabled);
    })
    .map((row) => row.tenantId);
}
