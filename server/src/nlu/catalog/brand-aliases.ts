/**
 * Common-knowledge bilingual brand names and nicknames, so a catalog that spells a brand one way still
 * matches shoppers who spell it another (Nike / 耐克, Dyson / 戴森, YSL / 圣罗兰). Each group lists
 * spellings of one brand; matching is on lower-cased text with spaces and punctuation removed.
 */
export const BRAND_ALIAS_GROUPS: readonly (readonly string[])[] = [
  ['nike', '耐克'], ['adidas', '阿迪达斯', '阿迪'], ['converse', '匡威'], ['vans', '范斯'], ['asics', '亚瑟士', '爱世克私'],
  ['newbalance', '新百伦', 'nb'], ['puma', '彪马'], ['skechers', '斯凯奇'], ['lining', '李宁'], ['anta', '安踏'],
  ['xtep', '特步'], ['361', '361度'], ['apple', '苹果'], ['huawei', '华为'], ['xiaomi', '小米'], ['honor', '荣耀'],
  ['vivo', '维沃'], ['oppo', '欧珀'], ['samsung', '三星'], ['sony', '索尼'], ['dyson', '戴森'], ['panasonic', '松下'],
  ['philips', '飞利浦'], ['midea', '美的'], ['gree', '格力'], ['haier', '海尔'], ['supor', '苏泊尔'], ['joyoung', '九阳'],
  ['dreame', '追觅'], ['ecovacs', '科沃斯'], ['roborock', '石头'], ['ysl', '圣罗兰', 'yvessaintlaurent'], ['lancome', '兰蔻'],
  ['esteelauder', '雅诗兰黛'], ['loreal', '欧莱雅'], ['shiseido', '资生堂'], ['skii', 'sk2'], ['clinique', '倩碧'],
  ['dior', '迪奥'], ['chanel', '香奈儿'], ['winona', '薇诺娜'], ['arcteryx', '始祖鸟'], ['thenorthface', '北面', 'tnf'],
  ['uniqlo', '优衣库'], ['peacebird', '太平鸟'], ['bosideng', '波司登'], ['yaya', '鸭鸭'], ['threesquirrels', '三只松鼠'],
  ['becheery', '百草味'], ['genkiforest', '元气森林'], ['wuliangye', '五粮液'], ['moutai', '茅台'], ['kao', '花王'],
  ['pampers', '帮宝适'], ['aptamil', '爱他美'], ['feihe', '飞鹤'], ['anker', '安克'], ['pisen', '品胜'], ['canon', '佳能'],
  ['nikon', '尼康'], ['lenovo', '联想'], ['dell', '戴尔'], ['logitech', '罗技'], ['lego', '乐高'], ['muji', '无印良品'],
];
