import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { currentOutboundPolicy } from './outbound-policy';

/** A destination the outbound policy refuses; the message names the host, never the response. */
export class OutboundBlockedError extends Error {
  constructor(readonly host: string, reason: string) {
    super(`outbound request to ${host} refused: ${reason}`);
    this.name = 'OutboundBlockedError';
  }
}

/**
 * Resolves the name and refuses the connection when any address is not allowed. Checked at connect
 * time on the addresses actually dialled, so a name that resolves to a public address for a check
 * and to 127.0.0.1 a moment later (DNS rebinding) is still refused.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((a) => !currentOutboundPolicy().allows(a.address));
    if (refused) return callback(new OutboundBlockedError(hostname, `it resolves to ${refused.address}, which is not a public address`), '', 4);
    if (options.all) return (callback as unknown as (err: null, all: LookupAddress[]) => void)(null, addresses);
    const [first] = addresses;
    return callback(null, first!.address, first!.family);
  });
};

const agent = new Agent({ connect: { lookup: guardedLookup } });

/**
 * fetch for URLs a tenant configured: only to allowed addresses (literal IPs checked here, names at
 * connect time) and never following redirects, which could lead anywhere the first check did not see.
 */
export const guardedFetch: typeof fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !currentOutboundPolicy().allows(host)) throw new OutboundBlockedError(host, 'not a public address');
  let response: Awaited<ReturnType<typeof undiciFetch>>;
  try {
    response = await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
  } catch (error) {
    // undici wraps connect-time failures in "fetch failed"; the refusal is the useful part.
    const cause = (error as { cause?: unknown }).cause;
    throw cause instanceof OutboundBlockedError ? cause : error;
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new OutboundBlockedError(url.hostname, `it answered a redirect (HTTP ${response.status}), which is not followed`);
  }
  return response as unknown as Response;
};
