import type { SkillReply } from './skill-context';

/** A yes/no question about an order change; `asks` names the intent that 确认 / 算了 next turn answers. */
export function confirmation(text: string, title: string, fields: { label: string; value: string }[], asks: string): SkillReply {
  return {
    text,
    cards: [{ type: 'confirmation', title, fields, actions: [{ label: '确认', text: '确认' }, { label: '取消', text: '算了' }] }],
    action: 'order_action_confirm',
    asks,
  };
}
