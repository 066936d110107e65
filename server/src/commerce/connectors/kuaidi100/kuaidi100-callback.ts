import { timingSafeEqual } from 'node:crypto';
import type { TrackingEvent } from '../connector-types';
import { parseBeijingTime, signCallback, trackingStateFromKuaidi100, type Kuaidi100TrackItem } from './kuaidi100-protocol';

export interface Kuaidi100Push {
  trackingNo: string;
  company: string;
  events: TrackingEvent[];
}

/** The answer Kuaidi100 expects from a callback; anything else makes it push again later. */
export const KUAIDI100_CALLBACK_OK = { result: true, returnCode: '200', message: '成功' } as const;

/**
 * Verifies and reads one push (form fields `param` and `sign`). Returns null when the signature does
 * not match the salt we subscribed with: such a push is not from Kuaidi100 and changes nothing.
 */
export function readKuaidi100Push(form: { param?: unknown; sign?: unknown }, salt: string): Kuaidi100Push | null {
  if (typeof form.param !== 'string' || typeof form.sign !== 'string') return null;
  const expected = Buffer.from(signCallback(form.param, salt));
  const given = Buffer.from(form.sign.toUpperCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let body: { lastResult?: { nu?: string; com?: string; state?: string; data?: Kuaidi100TrackItem[] } };
  try {
    body = JSON.parse(form.param) as typeof body;
  } catch {
    return null;
  }
  const last = body.lastResult;
  if (!last?.nu) return null;
  return {
    trackingNo: last.nu,
    company: last.com ?? '',
    events: (last.data ?? []).map((item) => ({ at: parseBeijingTime(item.ftime ?? item.time), state: trackingStateFromKuaidi100(item.statusCode ?? last.state), text: item.context })),
  };
}
