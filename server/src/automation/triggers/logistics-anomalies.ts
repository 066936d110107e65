import { Op } from 'sequelize';
import { LogisticsEvent, Order } from '../../commerce/models';
import type { ProactiveTrigger } from '../proactive-trigger';
import type { AutomationSettings } from '../settings-schema';

export type AnomalyKind = 'lost' | 'damaged' | 'returned' | 'exception' | 'stalled';

/** Words carriers use in tracking events (status or description), most serious first. */
const ANOMALY_WORDS: [Exclude<AnomalyKind, 'stalled'>, RegExp][] = [
  ['lost', /丢失|遗失|丢件/],
  ['damaged', /破损|损坏/],
  ['returned', /退回|退件|拒收|返回寄件/],
  ['exception', /异常|滞留|无法派送|问题件/],
];
/** A person has to choose between reshipping and refunding these. */
const NEEDS_AGENT: ReadonlySet<AnomalyKind> = new Set(['lost', 'damaged', 'returned']);
const LABELS: Record<AnomalyKind, string> = { lost: '疑似丢失', damaged: '出现破损', returned: '被退回', exception: '出现异常', stalled: '长时间没有更新' };

/** Classifies a shipped order's tracking: the latest event's words first, then how long it has not moved. */
export function classifyShipment(latest: { status: string; description: string; occurredAt: Date } | null, shippedAt: Date | null, now: Date, stalledHours: number): AnomalyKind | null {
  if (latest) {
    const text = `${latest.status} ${latest.description}`;
    for (const [kind, words] of ANOMALY_WORDS) if (words.test(text)) return kind;
  }
  const lastMovement = latest?.occurredAt ?? shippedAt;
  if (lastMovement && now.getTime() - lastMovement.getTime() >= stalledHours * 3_600_000) return 'stalled';
  return null;
}

/** Shipped parcels that stalled, came back, got lost or damaged: an apology with the fixes on offer. */
export async function findLogisticsTriggers(tenantId: number, settings: AutomationSettings, now: Date): Promise<ProactiveTrigger[]> {
  const config = settings.logistics;
  const orders = await Order.findAll({ where: { tenantId, status: 'shipped', customerId: { [Op.ne]: null } }, limit: 2000 });
  const triggers: ProactiveTrigger[] = [];
  for (const order of orders) {
    const latest = await LogisticsEvent.findOne({ where: { tenantId, orderId: order.id }, order: [['occurredAt', 'DESC'], ['id', 'DESC']] });
    const kind = classifyShipment(latest, order.shippedAt, now, config.stalledHours);
    if (!kind) continue;
    const detail = latest ? `最新物流：${latest.description}` : '暂时没有物流更新';
    triggers.push({
      key: `logistics:${order.id}:${kind}`,
      kind: 'logistics',
      customerId: order.customerId as number,
      orderId: order.id,
      text: `非常抱歉，您的订单 ${order.orderNo} 的包裹${LABELS[kind]}（${detail}）。我们可以为您重新发货、办理退款，或者您愿意继续等待的话送您一张补偿券，请选择：`,
      cards: [
        {
          type: 'quick_replies',
          title: '请选择处理方式',
          actions: [
            { label: '重新发货', text: `订单${order.orderNo}申请重新发货` },
            { label: '申请退款', text: `订单${order.orderNo}申请退款` },
            { label: '继续等待', text: `订单${order.orderNo}继续等待` },
          ],
        },
      ],
      coupon: config.compensationCouponCents > 0 ? { cents: config.compensationCouponCents, monthlyBudgetCents: config.monthlyBudgetCents, required: false } : undefined,
      task: config.createAgentTask && NEEDS_AGENT.has(kind) ? { summary: `订单 ${order.orderNo} 包裹${LABELS[kind]}：请决定补发或退款。${detail}` } : undefined,
    });
  }
  return triggers;
}
