import type { DemoShopper } from './demo-types';

/** Six demo shoppers. Phone numbers are fake (realistic 1xx prefixes, random digits). */
export const demoShoppers: DemoShopper[] = [
  {
    ref: 'zhangwei',
    name: '张伟',
    phone: '13816627391',
    address: '上海市浦东新区张杨路1588号汇智大厦12楼1203室',
    memberLevel: 'gold',
  },
  {
    ref: 'lina',
    name: '李娜',
    phone: '15901283346',
    address: '北京市朝阳区望京街道阜通东大街6号院3号楼2单元1801室',
    memberLevel: 'platinum',
  },
  {
    ref: 'wangfang',
    name: '王芳',
    phone: '18657120835',
    address: '浙江省杭州市西湖区文三路259号昌地火炬大厦1号楼705室',
    memberLevel: 'silver',
  },
  {
    ref: 'liuyang',
    name: '刘洋',
    phone: '13926048817',
    address: '广东省深圳市南山区粤海街道科技园南区高新南七道18号2栋602',
    memberLevel: 'normal',
  },
  {
    ref: 'chenjing',
    name: '陈静',
    phone: '17708283561',
    address: '四川省成都市武侯区天府大道北段1700号环球中心E1区1506室',
    memberLevel: 'silver',
  },
  {
    ref: 'zhaolei',
    name: '赵磊',
    phone: '15099236674',
    address: '新疆维吾尔自治区乌鲁木齐市天山区解放北路88号天山花园5栋3单元402室',
    memberLevel: 'normal',
  },
];
