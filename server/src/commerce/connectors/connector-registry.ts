import { KefuError } from '@kefu/shared';
import type { ZodType } from 'zod';
import type { FieldCipher } from '../../privacy/field-cipher';
import { CommerceConnectorSetting, type ConnectorKind } from '../action-models';
import { BuiltinCatalog } from './builtin/builtin-catalog';
import { BuiltinCrm } from './builtin/builtin-crm';
import { BuiltinInventory } from './builtin/builtin-inventory';
import { BuiltinLogistics } from './builtin/builtin-logistics';
import { BuiltinMarketing } from './builtin/builtin-marketing';
import { BuiltinOrders } from './builtin/builtin-orders';
import type { CommerceConnectors } from './connector-types';
import { HttpOrders } from './http/http-orders';
import { httpOrdersConfigSchema } from './http/http-orders-config';
import { Kuaidi100Logistics, kuaidi100ConfigSchema } from './kuaidi100/kuaidi100-logistics';
import { resilientEndpoint } from './resilient-call';

interface ProviderEntry {
  kinds: ConnectorKind[];
  /** Validates the merchant's configuration; absent: the provider takes none. */
  schema?: ZodType;
  create(tenantId: number, kind: ConnectorKind, config: unknown, cipher: FieldCipher): Partial<CommerceConnectors>;
}

/**
 * Providers by id. The core never imports a provider by path: a tenant names one per connector kind
 * in commerce_connectors, and absent a row the built-in store serves it.
 */
const PROVIDERS: Record<string, ProviderEntry> = {
  builtin: {
    kinds: ['orders', 'logistics', 'inventory', 'crm', 'marketing', 'catalog'],
    create: (tenantId, kind, _config, cipher) => builtinConnector(tenantId, kind, cipher),
  },
  http: {
    kinds: ['orders'],
    schema: httpOrdersConfigSchema,
    create: (tenantId, _kind, config) => {
      const parsed = httpOrdersConfigSchema.parse(config);
      return { orders: new HttpOrders(parsed, resilientEndpoint(`${tenantId}:http:${parsed.baseUrl}`, 'order system', { timeoutMs: parsed.timeoutMs })) };
    },
  },
  kuaidi100: {
    kinds: ['logistics'],
    schema: kuaidi100ConfigSchema,
    create: (tenantId, _kind, config) => {
      const parsed = kuaidi100ConfigSchema.parse(config);
      return { logistics: new Kuaidi100Logistics(parsed, resilientEndpoint(`${tenantId}:kuaidi100:${parsed.baseUrl}:${parsed.customer}`, 'kuaidi100', { timeoutMs: parsed.timeoutMs })) };
    },
  },
};

function builtinConnector(tenantId: number, kind: ConnectorKind, cipher: FieldCipher): Partial<CommerceConnectors> {
  switch (kind) {
    case 'orders':
      return { orders: new BuiltinOrders(tenantId, cipher) };
    case 'logistics':
      return { logistics: new BuiltinLogistics(tenantId) };
    case 'inventory':
      return { inventory: new BuiltinInventory(tenantId) };
    case 'crm':
      return { crm: new BuiltinCrm(tenantId) };
    case 'marketing':
      return { marketing: new BuiltinMarketing(tenantId) };
    case 'catalog':
      return { catalog: new BuiltinCatalog(tenantId) };
  }
}

const ALL_KINDS: ConnectorKind[] = ['orders', 'logistics', 'inventory', 'crm', 'marketing', 'catalog'];

/** The tenant's connectors, one provider per kind as configured. */
export async function loadCommerceConnectors(tenantId: number, cipher: FieldCipher): Promise<CommerceConnectors> {
  const settings = await CommerceConnectorSetting.findAll({ where: { tenantId } });
  const byKind = new Map(settings.map((s) => [s.kind, s]));
  const parts = ALL_KINDS.map((kind) => {
    const setting = byKind.get(kind);
    const providerId = setting?.provider ?? 'builtin';
    const provider = PROVIDERS[providerId];
    if (!provider) throw new Error(`tenant ${tenantId}: unknown ${kind} provider "${providerId}"`);
    const config = setting?.configEncrypted ? (JSON.parse(cipher.decrypt(setting.configEncrypted)) as unknown) : undefined;
    return provider.create(tenantId, kind, config, cipher);
  });
  return Object.assign({}, ...parts) as CommerceConnectors;
}

class InvalidConnectorConfig extends KefuError {
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_connector_config', message, details);
  }
}

/** Saves which provider serves a kind; the configuration is validated now (not at the first shopper message) and stored encrypted. */
export async function saveConnectorSetting(tenantId: number, kind: ConnectorKind, providerId: string, config: unknown, cipher: FieldCipher): Promise<void> {
  const provider = PROVIDERS[providerId];
  if (!provider) throw new InvalidConnectorConfig(`unknown provider "${providerId}"`);
  if (!provider.kinds.includes(kind)) throw new InvalidConnectorConfig(`provider "${providerId}" cannot serve ${kind}`);
  let stored: string | null = null;
  if (provider.schema) {
    const parsed = provider.schema.safeParse(config);
    if (!parsed.success) throw new InvalidConnectorConfig(`invalid ${providerId} configuration`, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    stored = cipher.encrypt(JSON.stringify(parsed.data));
  }
  const existing = await CommerceConnectorSetting.findOne({ where: { tenantId, kind } });
  if (existing) await CommerceConnectorSetting.update({ provider: providerId, configEncrypted: stored }, { where: { tenantId, id: existing.id } });
  else await CommerceConnectorSetting.create({ tenantId, kind, provider: providerId, configEncrypted: stored });
}
