import type { CatalogProduct } from '../../../src/nlu/catalog/catalog-resolver';

/** A small hand-made catalog covering latin models, Chinese names, shared brands and shared types. */
export const SAMPLE_CATALOG: CatalogProduct[] = [
  { sku: 'T01', name: 'iPhone 15 Pro Max', brand: 'Apple', category: '手机' },
  { sku: 'T02', name: 'AirPods Pro 2', brand: 'Apple', category: '数码配件' },
  { sku: 'T03', name: 'Air Jordan 1 High OG', brand: 'Nike', category: '鞋靴' },
  { sku: 'T04', name: 'Air Force 1 07 低帮板鞋', brand: 'Nike', category: '鞋靴' },
  { sku: 'T05', name: '戴森 Supersonic HD15 吹风机', brand: '戴森', category: '个护电器' },
  { sku: 'T06', name: '华为 Mate60 Pro', brand: '华为', category: '手机' },
  { sku: 'T07', name: 'New Balance 530 复古跑鞋', brand: 'New Balance', category: '鞋靴' },
  { sku: 'T08', name: '科沃斯 T20 扫地机器人', brand: '科沃斯', category: '家电' },
  { sku: 'T09', name: '兰蔻 小黑瓶精华 50ml', brand: '兰蔻', category: '护肤', aliases: ['小黑瓶'] },
  { sku: 'T10', name: '三只松鼠 每日坚果 750g', brand: '三只松鼠', category: '零食' },
  { sku: 'T11', name: '波司登 连帽羽绒服', brand: '波司登', category: '服装' },
  { sku: 'T12', name: '美的 电饭煲 4L', brand: '美的', category: '厨房电器' },
  { sku: 'T13', name: '美的 空气炸锅 5L', brand: '美的', category: '厨房电器' },
  { sku: 'T14', name: '小米 14 Ultra', brand: '小米', category: '手机' },
  { sku: 'T16', name: 'OPPO Find X7 Ultra', brand: 'OPPO', category: '手机' },
  { sku: 'T15', name: 'Bose QuietComfort Ultra 耳机', brand: 'Bose', category: '数码配件' },
];
