import { maskPhone, maskSensitiveText } from '../../src/privacy/mask';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mainland mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('19900001111')).toBe('199****1111');
  });

  it('leaves digit runs that are not an 11-digit mobile number alone', () => {
    expect(maskPhone('138123456789')).toBe('138123456789'); // 12 digits
    expect(maskPhone('1381234567')).toBe('1381234567'); // 10 digits
    expect(maskPhone('12812345678')).toBe('12812345678'); // 12x is not a mobile prefix
    expect(maskPhone('10086')).toBe('10086');
  });
});

describe('maskSensitiveText', () => {
  it('masks a phone number inside Chinese free text', () => {
    const masked = maskSensitiveText('电话：13812345678。请尽快联系');
    expect(masked).toBe('电话：138****5678。请尽快联系');
    expect(masked).not.toContain('13812345678');
    expect(masked).not.toContain('1234');
  });

  it('masks every phone number, not only the first', () => {
    const masked = maskSensitiveText('主号13812345678，备用15900001111');
    expect(masked).toBe('主号138****5678，备用159****1111');
  });

  it('keeps the region but masks the street part of an address', () => {
    const masked = maskSensitiveText('地址浙江省杭州市西湖区文三路90号');
    expect(masked).toContain('浙江省杭州市西湖区');
    expect(masked).not.toContain('文三路');
    expect(masked).not.toContain('90号');
    expect(masked).toContain('****');
  });

  it('masks phone and address together', () => {
    const masked = maskSensitiveText('客户电话13812345678 地址浙江省杭州市西湖区文三路90号');
    expect(masked).toBe('客户电话138****5678 地址浙江省杭州市西湖区****');
  });

  it('masks an address with building and room detail', () => {
    const masked = maskSensitiveText('退货地址：上海市浦东新区张江路100号3栋');
    expect(masked).not.toContain('张江路');
    expect(masked).not.toContain('3栋');
    expect(masked).toContain('上海市浦东新区');
  });

  it('does not treat order numbers or long digit runs as phone numbers', () => {
    const text = '订单号213812345678901，运单SF1234567890123';
    expect(maskSensitiveText(text)).toBe(text);
  });

  it('leaves ordinary text without personal data unchanged', () => {
    for (const text of [
      '您好，您的订单已发货，预计三天内送达。',
      'Order 20240101123456 shipped, tracking SF1234567890123',
      '这件衣服有XL码吗？价格是199元',
      '',
      'plain ascii text with no numbers',
    ]) {
      expect(maskSensitiveText(text)).toBe(text);
    }
  });

  it('is idempotent on already-masked text', () => {
    const once = maskSensitiveText('客户电话13812345678 地址浙江省杭州市西湖区文三路90号');
    expect(maskSensitiveText(once)).toBe(once);
  });
});
