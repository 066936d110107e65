import { fillAnswerSlots } from '../../../src/knowledge/answer/fill-answer-slots';

describe('fillAnswerSlots', () => {
  it('fills placeholders from the NLU slots and falls back to neutral words', () => {
    const answer = '{product}支持7天无理由退货，{product}的吊牌请保留。订单{order_id}可在详情页申请。';
    expect(fillAnswerSlots(answer, { product: '戴森吹风机', order_id: 'E20261124005' })).toBe('戴森吹风机支持7天无理由退货，戴森吹风机的吊牌请保留。订单E20261124005可在详情页申请。');
    expect(fillAnswerSlots(answer, {})).toBe('该商品支持7天无理由退货，该商品的吊牌请保留。订单您的订单可在详情页申请。');
    expect(fillAnswerSlots('无占位符 {不是槽位} {unknown_slot}', { product: 'x' })).toBe('无占位符 {不是槽位} ');
  });
});
