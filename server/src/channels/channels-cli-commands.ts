import { parseArgs } from 'node:util';
import { NotFoundError, ValidationError } from '@kefu/shared';
import type { AuditLog } from '../auth/audit-log';
import { findTenantByKey } from '../auth/tenant-service';
import type { FieldCipher } from '../privacy/field-cipher';
import { createChannelAccount, listChannelAccounts, removeChannelAccount, toPublicChannelAccount, webhookPathOf } from './channel-account-admin';

export interface ChannelsCliDeps {
  cipher: FieldCipher;
  audit: AuditLog;
  /** Where the platform reaches this deployment, e.g. https://kefu.example.com. */
  baseUrl: string;
}

const USAGE = `usage:
  admin channels:add --tenant <key> --platform <platform> --config '<json>' [--app-id <id>] [--name <name>] [--union-scope <scope>]
  admin channels:list --tenant <key>
  admin channels:remove --tenant <key> --id <id>
options: --base-url <url> (the public URL webhook addresses are printed with)`;

function jsonConfig(text: string | undefined): Record<string, unknown> {
  if (!text) throw new ValidationError('--config is required (the platform config as JSON)');
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError(`--config is not a JSON object: ${(error as Error).message}`);
  }
}

/**
 * The operator CLI's channel commands (`npm run -s admin -- channels:add …`): the same service
 * functions and audit entries as the console API, with the operator recorded as "system".
 * Returns what to print as JSON.
 */
export async function runChannelsCommand(argv: string[], deps: ChannelsCliDeps): Promise<unknown> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      platform: { type: 'string' },
      config: { type: 'string' },
      'app-id': { type: 'string' },
      name: { type: 'string' },
      'union-scope': { type: 'string' },
      id: { type: 'string' },
      'base-url': { type: 'string' },
    },
    strict: true,
  });
  if (!command || !['channels:add', 'channels:list', 'channels:remove'].includes(command)) throw new ValidationError(USAGE);
  if (!values.tenant) throw new ValidationError('--tenant is required');
  const tenant = await findTenantByKey(values.tenant);
  if (!tenant) throw new NotFoundError(`no tenant "${values.tenant}"`);
  const baseUrl = (values['base-url'] ?? deps.baseUrl).replace(/\/$/, '');
  const actor = { tenantId: tenant.id, actorType: 'system' as const, actorId: 'admin-cli' };

  if (command === 'channels:list') {
    const accounts = await listChannelAccounts(tenant.id);
    return { channelAccounts: accounts.map((account) => ({ ...toPublicChannelAccount(deps.cipher, account), webhookUrl: baseUrl + webhookPathOf(account) })) };
  }
  if (command === 'channels:remove') {
    const id = Number(values.id);
    if (!Number.isInteger(id) || id <= 0) throw new ValidationError('--id must be a channel account id');
    const account = await removeChannelAccount(tenant.id, id);
    await deps.audit.record({ ...actor, action: 'channel_account.removed', targetType: 'channel_account', targetId: id, details: { platform: account.platform, appId: account.appId } });
    return { removed: id };
  }
  if (!values.platform) throw new ValidationError('--platform is required');
  const config = jsonConfig(values.config);
  const appId = values['app-id'] ?? (typeof config.appId === 'string' ? config.appId : typeof config.corpId === 'string' ? config.corpId : undefined);
  if (!appId) throw new ValidationError('--app-id is required when the config has no appId/corpId');
  const account = await createChannelAccount(deps.cipher, tenant.id, { platform: values.platform, appId, name: values.name ?? `${values.platform} ${appId}`, config, unionScope: values['union-scope'] ?? null });
  await deps.audit.record({ ...actor, action: 'channel_account.created', targetType: 'channel_account', targetId: account.id, details: { platform: account.platform, appId: account.appId } });
  return { id: account.id, webhookUrl: baseUrl + webhookPathOf(account) };
}
