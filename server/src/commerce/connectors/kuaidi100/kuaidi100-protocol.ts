import { createHash } from 'node:crypto';
import type { TrackingState } from '../connector-types';

/**
 * Kuaidi100's published API (api.kuaidi100.com): real-time query `POST /poll/query.do` and
 * subscription `POST /poll`, both form-encoded. Query signature: MD5(param + key + customer),
 * upper-case hex; push callbacks are signed MD5(param + salt), upper-case hex.
 */
export const KUAIDI100_DEFAULT_BASE_URL = 'https://poll.kuaidi100.com';

export function md5Upper(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

export function signQuery(param: string, key: string, customer: string): string {
  return md5Upper(param + key + customer);
}

export function signCallback(param: string, salt: string): string {
  return md5Upper(param + salt);
}

/** Carrier names as merchants write them → Kuaidi100 company codes. */
const COMPANY_CODES: Record<string, string> = {
  顺丰速运: 'shunfeng',
  顺丰: 'shunfeng',
  中通快递: 'zhongtong',
  中通: 'zhongtong',
  圆通速递: 'yuantong',
  圆通: 'yuantong',
  韵达快递: 'yunda',
  韵达: 'yunda',
  申通快递: 'shentong',
  申通: 'shentong',
  京东物流: 'jd',
  京东快递: 'jd',
  EMS: 'ems',
  中国邮政: 'youzhengguonei',
  极兔速递: 'jtexpress',
  德邦快递: 'debangkuaidi',
};

export function companyCode(carrier: string): string {
  return COMPANY_CODES[carrier.trim()] ?? carrier.trim();
}

/** Kuaidi100 `state` (and resultv2 sub-states, whose first digit is the main state) → normalised state. */
export function trackingStateFromKuaidi100(state: string | undefined): TrackingState {
  if (!state) return 'unknown';
  const main = state.length >= 3 && state !== '14' ? state[0] : state;
  switch (main) {
    case '0':
    case '7':
    case '8':
      return 'in_transit';
    case '1':
      return 'collected';
    case '5':
      return 'out_for_delivery';
    case '3':
      return 'delivered';
    case '2':
    case '14':
      return 'exception';
    case '4':
    case '6':
      return 'returned';
    default:
      return 'unknown';
  }
}

export interface Kuaidi100TrackItem {
  context: string;
  time?: string;
  ftime?: string;
  status?: string;
  statusCode?: string;
}

export interface Kuaidi100QueryAnswer {
  message?: string;
  state?: string;
  status?: string;
  returnCode?: string;
  result?: boolean;
  nu?: string;
  com?: string;
  data?: Kuaidi100TrackItem[];
}

/** Kuaidi100 times are Beijing time without an offset ("2026-11-25 16:05:00"). */
export function parseBeijingTime(value: string | undefined): Date {
  if (!value) return new Date(0);
  const iso = value.trim().replace(' ', 'T');
  const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}+08:00`);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
