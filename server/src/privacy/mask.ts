/** Mainland mobile numbers: 11 digits starting with 1 (optionally +86/86), not inside a longer digit run. */
const PHONE_PATTERN = /(?<!\d)((?:\+?86[\s-]?)?1[3-9]\d)[\s-]?\d{4}[\s-]?(\d{4})(?!\d)/g;
/**
 * Addresses: a region (…省/市/区/县) followed by a street part that names a road, lane, number or
 * building. Requiring a street marker keeps ordinary sentences (我们超市的商品…) readable.
 */
const ADDRESS_PATTERN = /((?:[\u4e00-\u9fa5]{2,8}(?:省|自治区|市))?[\u4e00-\u9fa5]{1,8}(?:市|区|县|旗))([\u4e00-\u9fa5\w\-—()（）#]{0,30}?(?:路|街|道|巷|弄|大道|胡同|村|镇|乡|小区|号|栋|幢|单元|室|楼)[\u4e00-\u9fa5\w\-—()（）#]{0,30})/g;

export function maskPhone(phone: string): string {
  return phone.replace(PHONE_PATTERN, '$1****$2');
}

/** Masks phone numbers and the street part of addresses in free text (logs, LLM prompts). */
export function maskSensitiveText(text: string): string {
  return text.replace(PHONE_PATTERN, '$1****$2').replace(ADDRESS_PATTERN, (_m, region: string) => `${region}****`);
}
