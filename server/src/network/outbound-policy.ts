import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';

/**
 * Where Kefu may connect on a tenant's behalf. Merchants type URLs (their order system, a channel's
 * API host); without a guard such a URL could reach the machine's own services or the cloud's
 * metadata endpoint. Only public unicast addresses are allowed, plus what the operator allow-lists
 * (OUTBOUND_ALLOWED_NETWORKS: CIDRs, addresses, or `loopback`, `linklocal`, `uniquelocal`).
 */
export interface OutboundPolicy {
  allows(address: string): boolean;
}

/** Public unicast only: private, loopback, link-local, CGNAT, multicast, reserved and the like are not. */
export function isPublicAddress(address: string): boolean {
  if (!isIP(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** Reads OUTBOUND_ALLOWED_NETWORKS (validated by the config schema). */
export function outboundPolicy(allowList: string): OutboundPolicy {
  const entries = allowList.split(',').map((s) => s.trim()).filter(Boolean);
  const allowListed = entries.length > 0 ? proxyAddr.compile(entries) : () => false;
  return { allows: (address) => isPublicAddress(address) || allowListed(address, 0) };
}

let current: OutboundPolicy = outboundPolicy('');

/**
 * Set once at boot from the configuration; every guarded fetch of the process reads it. Process-wide
 * because connectors are built deep inside the skills, where no config travels.
 */
export function setOutboundPolicy(policy: OutboundPolicy): void {
  current = policy;
}

export function currentOutboundPolicy(): OutboundPolicy {
  return current;
}
