import type { LarkCard } from './lark-api';

export type DeskAction = 'claim' | 'close' | 'transfer';

/** What a button on our card sends back in `action.value`; the ticket id says which conversation. */
export interface DeskActionValue {
  kefu: 'desk';
  action: DeskAction;
  ticketId: number;
}

export interface HandoffCardView {
  ticketId: number;
  state: 'waiting' | 'claimed' | 'closed';
  customerName: string;
  channel: string;
  summary: string;
  intent: string | null;
  orderNo: string | null;
  /** Oldest first; shopper text is shown as plain text so it cannot inject links or mentions. */
  lastMessages: { role: string; text: string }[];
  assigneeName?: string | null;
  /** Agents a ticket can be transferred to (those linked to a Lark open id). */
  transferTargets: { name: string; openId: string }[];
}

const ROLE_LABEL: Record<string, string> = { shopper: '客户', bot: '机器人', agent: '客服' };
const STATE_HEADER: Record<HandoffCardView['state'], { title: string; template: string }> = {
  waiting: { title: '待认领', template: 'orange' },
  claimed: { title: '处理中', template: 'blue' },
  closed: { title: '已关闭', template: 'grey' },
};

/** The interactive card for one escalated conversation (message card JSON 1.0, shared so updates reach everyone). */
export function buildHandoffCard(view: HandoffCardView): LarkCard {
  const header = STATE_HEADER[view.state];
  const plain = (content: string) => ({ tag: 'plain_text', content });
  const field = (label: string, value: string) => ({ is_short: true, text: plain(`${label}：${value}`) });
  const elements: unknown[] = [
    {
      tag: 'div',
      fields: [
        field('客户', view.customerName),
        field('渠道', view.channel),
        field('意图', view.intent ?? '未识别'),
        field('订单', view.orderNo ?? '无'),
      ],
    },
    { tag: 'div', text: plain(`摘要：${view.summary}`) },
    { tag: 'div', text: plain(['最近消息：', ...view.lastMessages.map((m) => `${ROLE_LABEL[m.role] ?? m.role}：${clip(m.text, 200)}`)].join('\n')) },
  ];
  if (view.state !== 'closed') {
    elements.push({ tag: 'hr' }, { tag: 'action', actions: actionsFor(view) });
  }
  const note = view.state === 'waiting' ? '认领后在本消息的话题中回复，客户会在原渠道收到。' : view.state === 'claimed' ? `由 ${view.assigneeName ?? '客服'} 处理中，在话题中回复即可发送给客户。` : `会话已关闭${view.assigneeName ? `（${view.assigneeName}）` : ''}。`;
  elements.push({ tag: 'note', elements: [plain(note)] });
  return {
    config: { wide_screen_mode: true, update_multi: true },
    header: { title: plain(`人工客服 · ${header.title} · ${view.customerName}`), template: header.template },
    elements,
  };
}

function actionsFor(view: HandoffCardView): unknown[] {
  const value = (action: DeskAction): DeskActionValue => ({ kefu: 'desk', action, ticketId: view.ticketId });
  const actions: unknown[] = [];
  if (view.state === 'waiting') actions.push({ tag: 'button', text: { tag: 'plain_text', content: '认领' }, type: 'primary', value: value('claim') });
  if (view.transferTargets.length > 0) {
    actions.push({
      tag: 'select_static',
      placeholder: { tag: 'plain_text', content: '转交给…' },
      options: view.transferTargets.map((t) => ({ text: { tag: 'plain_text', content: t.name }, value: t.openId })),
      value: value('transfer'),
    });
  }
  actions.push({ tag: 'button', text: { tag: 'plain_text', content: '关闭会话' }, type: 'danger', value: value('close') });
  return actions;
}

/** Reads our own action value back from a callback; anything else (another app's card) is null. */
export function readDeskActionValue(value: Record<string, unknown>): DeskActionValue | null {
  const { kefu, action, ticketId } = value;
  if (kefu !== 'desk' || (action !== 'claim' && action !== 'close' && action !== 'transfer')) return null;
  const id = typeof ticketId === 'number' ? ticketId : Number(ticketId);
  return Number.isInteger(id) && id > 0 ? { kefu, action, ticketId: id } : null;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
