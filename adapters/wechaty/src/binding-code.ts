/** What a VIP shopper sends to link this WeChat to their shop account: "绑定 123456", "bind 123456", or the six digits. */
const BINDING_MESSAGE = /^\s*(?:绑定|綁定|bind)?\s*[:：]?\s*(\d{6})\s*$/i;

export function bindingCodeIn(text: string): string | null {
  return BINDING_MESSAGE.exec(text)?.[1] ?? null;
}

/** Platform event kind for a binding attempt; the core's handler redeems the code. */
export const WECHATY_BINDING_EVENT = 'wechaty.binding_code';
