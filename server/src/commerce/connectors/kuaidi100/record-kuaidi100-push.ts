import { CommerceConnectorSetting } from '../../action-models';
import { LogisticsEvent, Order } from '../../models';
import type { FieldCipher } from '../../../privacy/field-cipher';
import { readKuaidi100Push } from './kuaidi100-callback';
import { kuaidi100ConfigSchema } from './kuaidi100-logistics';

const STATUS_WORDS = { collected: '已揽收', in_transit: '运输中', out_for_delivery: '派送中', delivered: '已签收', exception: '异常', returned: '退回', unknown: '运输中' } as const;

/**
 * Stores the events of one Kuaidi100 push against the tenant's order with that waybill, skipping
 * events already stored (Kuaidi100 resends the whole history each time). Returns false when the
 * push is not signed with the salt this tenant subscribed with.
 */
export async function recordKuaidi100Push(tenantId: number, form: { param?: unknown; sign?: unknown }, cipher: FieldCipher): Promise<boolean> {
  const setting = await CommerceConnectorSetting.findOne({ where: { tenantId, kind: 'logistics', provider: 'kuaidi100' } });
  if (!setting?.configEncrypted) return false;
  const config = kuaidi100ConfigSchema.parse(JSON.parse(cipher.decrypt(setting.configEncrypted)));
  if (!config.salt) return false;
  const push = readKuaidi100Push(form, config.salt);
  if (!push) return false;
  const order = await Order.findOne({ where: { tenantId, trackingNo: push.trackingNo } });
  if (!order) return true; // a waybill we no longer track: acknowledged so Kuaidi100 stops resending
  const known = await LogisticsEvent.findAll({ where: { tenantId, orderId: order.id } });
  const seen = new Set(known.map((e) => `${e.occurredAt.getTime()}|${e.description}`));
  const fresh = push.events.filter((e) => !seen.has(`${e.at.getTime()}|${e.text}`));
  if (fresh.length > 0) {
    await LogisticsEvent.bulkCreate(fresh.map((e) => ({ tenantId, orderId: order.id, occurredAt: e.at, status: STATUS_WORDS[e.state], description: e.text.slice(0, 500) })));
  }
  return true;
}
