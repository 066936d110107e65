/**
 * Customer-service anger cues. Reviews teach the model "this product is bad"; these catch what reviews
 * rarely contain: escalation threats and abuse aimed at the shop.
 */
export const ANGER_PATTERNS: RegExp[] = [
  /投诉|投訴|举报|消协|12315|工商局|曝光/,
  /差评|差評|一星/,
  /垃圾|骗子|骗人|坑人|黑店|欺诈|无良|恶心|太坑/,
  /气死|烦死|急死|受不了|什么破|搞什么|有病吧|滚|妈的|tm|tmd|卧槽|我靠/i,
  /再也不买|再也不来|退钱|态度太差|态度差|没人管|不管不顾/,
];

/** Cues that only signal anger when the text is not otherwise glowing ("太好了!!!" is joy). */
export const WEAK_ANGER = /[!！]{3,}|[?？]{3,}|😡|🤬|💢|😤/u;

/** Thanks and praise that make a neutral-ish service turn positive. */
export const POLITE_OR_POSITIVE = /谢谢|多谢|感谢|辛苦|好评|满意|很好|不错|给力|点赞|赞|喜欢|开心|👍|😘|❤/u;

/** A plain question with no evaluative wording: the common, neutral service turn. */
export function isNeutralQuestion(text: string): boolean {
  if (!/[吗么嘛呢?？]|多少|多久|几天|怎么|如何|哪|啥|什么|能不能|可不可以|有没有|是不是/.test(text)) return false;
  return !/差|烂|坏|破|垃圾|失望|后悔|难用|不好|太慢|骗/.test(text);
}

/** Words that make a short turn an evaluation rather than a bare request. */
export const EVALUATIVE = /差|烂|坏|破|垃圾|失望|后悔|难用|不好|不行|太慢|好慢|骗|假|臭|脏|贵|没用|错|少发|漏|问题|裂|碎|过期|霉|异味|掉色|起球|不满|生气|无语|离谱|傻|恶心|难吃|难看|太小|太大|不值|好用|喜欢|满意|不错|很好|好评|漂亮|舒服|划算|值|棒|赞|爱了|完美|失败|辣鸡|坑|慢死/;
