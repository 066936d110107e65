import type { Middleware } from 'koa';
import proxyAddr from 'proxy-addr';
import type { KefuState } from '../http-kit/koa-state';

/**
 * Which hops in front of us may be believed when they say who the client is: `none` (the socket's
 * address is the client; X-Forwarded-For is ignored), a hop count (`1`: one proxy, e.g. the load
 * balancer, appends the real client), or addresses/CIDRs of our proxies (`loopback`, `10.0.0.0/8`).
 */
export type ProxyTrust = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; list: string[] };

/** Reads the TRUSTED_PROXIES setting; the config schema has already checked its form. */
export function parseProxyTrust(value: string): ProxyTrust {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'none') return { kind: 'none' };
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops === 0 ? { kind: 'none' } : { kind: 'hops', hops };
  }
  return { kind: 'addresses', list: trimmed.split(',').map((s) => s.trim()).filter(Boolean) };
}

function trustFunction(trust: ProxyTrust): (address: string, hop: number) => boolean {
  switch (trust.kind) {
    case 'none':
      return () => false;
    case 'hops':
      return (_address, hop) => hop < trust.hops;
    case 'addresses':
      return proxyAddr.compile(trust.list);
  }
}

/**
 * Sets `ctx.ip` to the client as far as the trusted proxies vouch for it, and no further: a
 * client cannot pick its own rate-limit bucket or audit address by sending X-Forwarded-For, because
 * only entries appended by a trusted hop are read (walking from the socket outwards, the way
 * Express's `trust proxy` does). Must run before anything that reads `ctx.ip`.
 */
export function clientAddress(trust: ProxyTrust): Middleware<KefuState> {
  const trusted = trustFunction(trust);
  return async function clientAddressMiddleware(ctx, next) {
    ctx.request.ip = trust.kind === 'none' ? (ctx.req.socket.remoteAddress ?? '') : proxyAddr(ctx.req, trusted);
    await next();
  };
}
