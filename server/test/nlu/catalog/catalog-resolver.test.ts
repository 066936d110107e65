import { CatalogResolver } from '../../../src/nlu/catalog/catalog-resolver';
import { SAMPLE_CATALOG } from './sample-catalog';

const resolver = new CatalogResolver(SAMPLE_CATALOG);
const nameOf = (text: string): string | null => resolver.resolve(text)?.product.name ?? null;

describe('CatalogResolver', () => {
  it('resolves exact names and aliases', () => {
    expect(nameOf('美的 电饭煲 4L 还有吗')).toBe('美的 电饭煲 4L');
    expect(nameOf('小黑瓶能用多久')).toBe('兰蔻 小黑瓶精华 50ml');
  });

  it('is case- and space-insensitive', () => {
    expect(nameOf('IPHONE15 PRO max现货吗')).toBe('iPhone 15 Pro Max');
    expect(nameOf('airpods pro 2 是正品吗')).toBe('AirPods Pro 2');
  });

  it('resolves brand + model and model-only mentions', () => {
    expect(nameOf('科沃斯T20怎么样')).toBe('科沃斯 T20 扫地机器人');
    expect(nameOf('t20多重')).toBe('科沃斯 T20 扫地机器人');
    expect(nameOf('mate60能分期吗')).toBe('华为 Mate60 Pro');
    expect(nameOf('HD15有货吗')).toBe('戴森 Supersonic HD15 吹风机');
  });

  it('resolves initialisms and model abbreviations', () => {
    expect(nameOf('aj1 43码')).toBe('Air Jordan 1 High OG');
    expect(nameOf('AF1白的')).toBe('Air Force 1 07 低帮板鞋');
    expect(nameOf('15pm什么时候发')).toBe('iPhone 15 Pro Max');
    expect(nameOf('15promax')).toBe('iPhone 15 Pro Max');
    expect(nameOf('小米14u')).toBe('小米 14 Ultra');
  });

  it('abbreviates CamelCase names by their humps', () => {
    expect(nameOf('qc ultra降噪怎么样')).toBe('Bose QuietComfort Ultra 耳机');
    expect(nameOf('ip15pm')).toBe('iPhone 15 Pro Max');
  });

  it('treats everyday English series names as supporting evidence only', () => {
    expect(nameOf('find x7u')).toBe('OPPO Find X7 Ultra');
    expect(nameOf('i cant find my order')).toBeNull();
  });

  it('never resolves on a quantity alone', () => {
    expect(nameOf('4L的够几个人吃')).toBeNull();
    expect(nameOf('750g')).toBeNull();
  });

  it('drops a weak match when the text names another brand or another product type', () => {
    expect(nameOf('波司登羽绒服')).toBe('波司登 连帽羽绒服');
    expect(nameOf('鸭鸭羽绒服怎么样')).toBeNull();
    expect(nameOf('小米电视什么时候到')).toBeNull();
    expect(nameOf('小米手机')).toBe('小米 14 Ultra');
  });

  it('does not take part of a real word for a misspelt name', () => {
    expect(nameOf('帮我把电话为改一下')).toBeNull();
    expect(resolver.resolve('花为的mate60')?.matched).toBe('花为的mate60');
  });

  it('resolves bilingual brand spellings and pure-number models only with the brand', () => {
    expect(nameOf('nb530偏码吗')).toBe('New Balance 530 复古跑鞋');
    expect(nameOf('新百伦530')).toBe('New Balance 530 复古跑鞋');
    expect(nameOf('苹果15pm')).toBe('iPhone 15 Pro Max');
  });

  it('resolves a brand-only mention when the brand has one product, not when it has several', () => {
    expect(nameOf('波司登的质量怎么样')).toBe('波司登 连帽羽绒服');
    expect(nameOf('美的的东西好用吗')).toBeNull();
  });

  it('disambiguates a shared brand with a product-type word', () => {
    expect(nameOf('美的那个炸锅')).toBe('美的 空气炸锅 5L');
    expect(nameOf('美的那个锅')).toBeNull();
    expect(nameOf('美的空气炸锅')).toBe('美的 空气炸锅 5L');
    expect(nameOf('美的电饭煲')).toBe('美的 电饭煲 4L');
  });

  it('resolves a unique product-type word and marks it as type evidence', () => {
    const match = resolver.resolve('扫地机有活动吗');
    expect(match?.product.name).toBe('科沃斯 T20 扫地机器人');
    expect(match?.evidence).toBe('type');
  });

  it('resolves pinyin mentions of Chinese names', () => {
    expect(nameOf('kewosi you huo ma')).toBe('科沃斯 T20 扫地机器人');
    expect(nameOf('daisen chuifengji')).toBe('戴森 Supersonic HD15 吹风机');
  });

  it('resolves homophone typos of Chinese names', () => {
    expect(nameOf('戴深的吹风鸡')).toBe('戴森 Supersonic HD15 吹风机');
    expect(nameOf('波斯登羽绒服')).toBe('波司登 连帽羽绒服');
  });

  it('returns null for generic text, bare sizes and numbers', () => {
    for (const s of ['我要退款', '快递到哪了', '42码', '530', '有530的吗', '2000以内推荐一下', '你好', '衣服起球了', '这衣服挺美的', '[订单x]']) {
      expect(nameOf(s)).toBeNull();
    }
  });

  it('does not match a model inside a longer model number', () => {
    expect(nameOf('t200')).toBeNull();
    expect(nameOf('mate600')).toBeNull();
  });

  it('resolveAll lists several products in a comparison', () => {
    const names = resolver.resolveAll('mate60和小米14ultra哪个好').map((m) => m.product.name);
    expect(names).toEqual(expect.arrayContaining(['华为 Mate60 Pro', '小米 14 Ultra']));
    expect(names).toHaveLength(2);
  });

  it('exposes vocabulary for jieba and the typo corrector', () => {
    const vocabulary = resolver.vocabulary();
    expect(vocabulary).toEqual(expect.arrayContaining(['科沃斯', '扫地机器人', '小黑瓶', 'iPhone 15 Pro Max']));
    // Two-character name fragments would make typo correction rewrite ordinary words.
    expect(vocabulary).not.toContain('复古');
  });

  it('handles empty catalogs and hostile input without throwing', () => {
    expect(new CatalogResolver([]).resolve('aj1')).toBeNull();
    expect(resolver.resolve('')).toBeNull();
    expect(resolver.resolve('<script>alert(1)</script>')).toBeNull();
    expect(resolver.resolve('🙂🙂🙂')).toBeNull();
    expect(resolver.resolve('\u0000\u0001\u0002\ufffd')).toBeNull();
    expect(resolver.resolve('啊'.repeat(10000))).toBeNull();
  });
});
