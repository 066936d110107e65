import { extractSlots } from '../../../src/nlu/slots/extract-slots';
import { parseChineseNumber } from '../../../src/nlu/slots/chinese-number';

// Thursday 2026-11-26, local time: every relative date below is resolved against it.
const now = new Date(2026, 10, 26, 15, 0, 0);
const slots = (text: string, orderNumberPatterns?: RegExp[]) => extractSlots(text, { now, orderNumberPatterns });

describe('extractSlots', () => {
  describe('order_id', () => {
    it('finds a letter-prefixed order number, upper-cased with spaces removed', () => {
      expect(slots('帮我看看 e2026 1118 0042 发了没').order_id).toBe('E202611180042');
      expect(slots('订单ＤＤ２０２６１１１８７７６６５到哪了').order_id).toBe('DD2026111877665');
    });
    it('finds a long all-digit order number but not a phone number', () => {
      expect(slots('单子 4127839201837465 退款了吗').order_id).toBe('4127839201837465');
      expect(slots('我电话13912345678').order_id).toBeUndefined();
    });
    it('uses tenant patterns instead of the default when given', () => {
      expect(slots('订单 KF-88421 到哪了', [/KF-\d{5}/]).order_id).toBe('KF88421');
      expect(slots('订单 E2026111800421 到哪了', [/KF-\d{5}/]).order_id).toBeUndefined();
    });
    it('picks the order the shopper points at among several', () => {
      expect(slots('E2026111800001 和 E2026111800002 第二单呢').order_id).toBe('E2026111800002');
    });
  });

  describe('tracking_no', () => {
    it('recognises carrier waybills and keeps them out of order_id', () => {
      const s = slots('顺丰单号 sf123456789012 一直没动');
      expect(s.tracking_no).toBe('SF123456789012');
      expect(s.order_id).toBeUndefined();
      expect(slots('运单号YT7712345678901').tracking_no).toBe('YT7712345678901');
    });
    it('takes a 12–15 digit number as a waybill only when the text says so', () => {
      expect(slots('快递单号 432109876543 查不到').tracking_no).toBe('432109876543');
      expect(slots('我买了432109876543个').tracking_no).toBeUndefined();
    });
  });

  describe('phone', () => {
    it('accepts valid mainland mobiles, with spaces or dashes', () => {
      expect(slots('电话改成 158-0000-1111').phone).toBe('15800001111');
      expect(slots('手机号１３７　００１３　７０００').phone).toBe('13700137000');
    });
    it('rejects numbers that are not mobiles', () => {
      expect(slots('电话12345678901').phone).toBeUndefined();
      expect(slots('电话1581234567').phone).toBeUndefined();
      expect(slots('电话158123456789').phone).toBeUndefined();
    });
  });

  describe('size', () => {
    it.each([
      ['38码还有吗', '38'],
      ['有XL的吗', 'XL'],
      ['要个l码', 'L'],
      ['170/88A的有吗', '170/88A'],
      ['拍的40 帮我改成41码', '41'],
      ['换成42的吧', '42'],
    ])('%s → %s', (text, size) => expect(slots(text).size).toBe(size));
    it('does not treat relative sizes, dates or addresses as sizes', () => {
      expect(slots('想换大一码').size).toBeUndefined();
      expect(slots('28号能到吗').size).toBeUndefined();
      expect(slots('寄到杭州市西湖区文三路36号').size).toBeUndefined();
    });
  });

  describe('color', () => {
    it.each([
      ['有黑色的吗', '黑色'],
      ['白的还有吗', '白色'],
      ['米白的好看吗', '米白色'],
      ['帮我改成藏青色', '藏青色'],
      ['拍成红色了 要的是蓝色', '蓝色'],
    ])('%s → %s', (text, color) => expect(slots(text).color).toBe(color));
    it('ignores colour characters inside other words', () => {
      expect(slots('明白的 谢谢').color).toBeUndefined();
      expect(slots('能用白条吗').color).toBeUndefined();
    });
  });

  describe('quantity and amount', () => {
    it.each([
      ['要两件', 2],
      ['买3个', 3],
      ['来一箱', 1],
      ['少发了五瓶', 5],
    ])('%s → quantity %d', (text, quantity) => expect(slots(text).quantity).toBe(quantity));
    it.each([
      ['¥199能包邮吗', 199],
      ['199元的那款', 199],
      ['一百九十九块', 199],
      ['昨天买的今天便宜了30', 30],
      ['两千五块钱', 2500],
    ])('%s → amount %d', (text, amount) => expect(slots(text).amount).toBe(amount));
  });

  describe('address', () => {
    it('takes the new address after a change verb, without particles', () => {
      expect(slots('地址改成南京市玄武区珠江路88号吧').address).toBe('南京市玄武区珠江路88号');
      expect(slots('帮我寄到 浙江省宁波市鄞州区天童南路588号3幢 谢谢').address).toBe('浙江省宁波市鄞州区天童南路588号3幢');
    });
    it('recognises a bare correction and ignores non-addresses', () => {
      expect(slots('不对 是成都市高新区天府大道北段1700号').address).toBe('成都市高新区天府大道北段1700号');
      expect(slots('我在北京市').address).toBeUndefined();
    });
  });

  describe('date', () => {
    it.each([
      ['明天能到吗', '2026-11-27'],
      ['后天要用', '2026-11-28'],
      ['12月3号之前能到吗', '2026-12-03'],
      ['在30号前能收到吗', '2026-11-30'],
      ['这周六前', '2026-11-28'],
      ['下周一', '2026-11-30'],
      ['1月5日能发吗', '2027-01-05'],
    ])('%s → %s', (text, date) => expect(slots(text).date).toBe(date));
  });

  it('never crashes on hostile input and returns plain objects', () => {
    for (const input of ['', '   ', '😀😀😀', '<script>alert("E2026111800001")</script>', '9'.repeat(10000), '改成'.repeat(5000), '\u0000']) {
      expect(() => slots(input)).not.toThrow();
      expect(typeof slots(input)).toBe('object');
    }
    expect(extractSlots(undefined as unknown as string, {})).toEqual({});
  });
});

describe('parseChineseNumber', () => {
  it.each([
    ['199', 199],
    ['一百九十九', 199],
    ['两', 2],
    ['十五', 15],
    ['三千五', 3500],
    ['一万二', 12000],
    ['abc', null],
  ])('%s → %s', (text, value) => expect(parseChineseNumber(text)).toBe(value));
});
