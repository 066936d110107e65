/**
 * Implicit needs behind a turn, independent of its intent (the contract's `needs`): a shopper asking
 * where a parcel is may also be in a hurry, or about to leave for good.
 */
const NEEDS: [string, RegExp][] = [
  ['urgent', /急用|急需|着急|很急|好急|急死|赶时间|赶着|等着用|等着穿|急着|今天能到|今天能发|今天之内|明天要用|明天就要|明天要穿|明天出差|马上要用|来不及|尽快|加急|快点|越快越好|火急|今天必须|催/],
  ['discount_interest', /便宜点|便宜些|能便宜|优惠|有券|优惠券|领券|打折|折扣|满减|降价|活动价|抹零|抹个零|包邮吗|赠品|送点|砍价|讲价|最低价|少点|红包|学生价|团购/],
  ['dissatisfied', /失望|不满意|太差|好差|真差|很差|差劲|垃圾|坑|骗|气死|烦死|无语|服了|离谱|什么玩意|投诉|差评|态度|后悔|糟糕|忽悠|敷衍|踢皮球|[!！]{2,}|😡|🤬|😤/u],
  ['churn_risk', /再也不买|再也不来|再也不会|最后一次|拉黑|卸载|删了|去别家|换别家|别家买|不会再买|取关|销户|注销账号|销号|以后不买/],
];

export function detectNeeds(text: string): string[] {
  if (typeof text !== 'string' || !text) return [];
  const input = text.normalize('NFKC').slice(0, 2000);
  return NEEDS.filter(([, pattern]) => pattern.test(input)).map(([need]) => need);
}
