/**
 * "七天无理由能退吗" asks about the policy; "订单E…我要退货" asks for an action. Policy questions stay
 * with the knowledge base, so a question never turns into a refund, claim or invoice by itself.
 */
const QUESTION = /吗|么|怎么|如何|能不能|可不可以|可以不|多久|几天|什么时候|流程|规则|政策|[？?]/;
const REQUEST = /我要|我想|申请|帮我|给我|麻烦|请(?:帮|给)|开个|退了吧|要退|要换|补差价/;

export function isPolicyQuestion(text: string): boolean {
  return QUESTION.test(text) && !REQUEST.test(text);
}
