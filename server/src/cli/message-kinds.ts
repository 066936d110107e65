import type { WebMessage } from '@kefu/shared';

/** A message the shop sent on its own (parcel apology, payment reminder, coupon): it answers nothing the shopper said. */
export const isProactive = (message: WebMessage) => message.intent?.startsWith('proactive.') === true;
