/** Mainland mobile numbers: 11 digits starting with 1, not inside a longer digit run. */
const PHONE_PATTERN = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
/** Addresses: a province/city/district prefix followed by the street part, masked after the district. */
const ADDRESS_PATTERN = /((?:[\u4e00-\u9fa5]{2,8}(?:省|自治区|市))?[\u4e00-\u9fa5]{1,8}(?:市|区|县|旗))([\u4e00-\u9fa5\w\-—()（）#号栋单元室楼弄巷路街道村镇乡]{4,60})/g;

export function maskPhone(phone: string): string {
  return phone.replace(PHONE_PATTERN, '$1****$2');
}

/** Masks phone numbers and the street part of addresses in free text (logs, LLM prompts). */
export function maskSensitiveText(text: string): string {
  return text.replace(PHONE_PATTERN, '$1****$2').replace(ADDRESS_PATTERN, (_m, region: string) => `${region}****`);
}
