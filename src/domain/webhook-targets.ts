import ipaddr from 'ipaddr.js';

/**
 * Which network addresses a webhook may be delivered to. Pure: the caller resolves the host name and
 * passes every address it got; a target is allowed only when all of them are.
 *
 * It is an allowlist: an address passes only when ipaddr.js classifies it as ordinary global unicast
 * (IPv6 additionally inside 2000::/3, the only block allocated for it). Everything with a special
 * purpose is refused: loopback, RFC 1918, carrier-grade NAT (100.64/10), link-local (cloud metadata
 * at 169.254.169.254, fe80::/10), unique-local, unspecified (0.0.0.0/8, ::), broadcast, multicast,
 * the reserved and documentation blocks (192.0.0/24, 198.18/15, 240/4, ...), and IPv6 forms that carry
 * an IPv4 address (IPv4-mapped ::ffff:a.b.c.d is judged by the IPv4 address inside it; NAT64, 6to4 and
 * Teredo are refused outright because the relay decides where they end up).
 *
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_TARGETS, for tests and local experiments) lets loopback,
 * RFC 1918, unique-local and carrier-grade NAT through; link-local and the rest stay refused.
 */

export type TTargetPolicy = { allowPrivate: boolean };

export type TAddressVerdict = { allowed: true } | { allowed: false; reason: string };

const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** The special-use range an address falls in ('unicast' when none), IPv4-mapped IPv6 unwrapped. */
export function addressRange(address: string): { range: string; normalized: string } | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // ipaddr.parse accepts the legacy IPv4 spellings (0x7f.1, 2130706433) too, so nothing slips past as a "name".
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return null;
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  let range: string = parsed.range();
  if (range === 'unicast' && parsed.kind() === 'ipv6' && !parsed.match(GLOBAL_UNICAST_V6)) range = 'reserved';
  return { range, normalized: parsed.toString() };
}

export function isIpAddress(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, ''));
}

export function checkAddress(address: string, policy: TTargetPolicy): TAddressVerdict {
  const classified = addressRange(address);
  if (!classified) return { allowed: false, reason: `"${address}" is not an IP address` };
  const { range, normalized } = classified;
  if (range === 'unicast') return { allowed: true };
  if (policy.allowPrivate && PRIVATE_RANGES.has(range)) return { allowed: true };
  return { allowed: false, reason: `${normalized} is ${describeRange(range)}` };
}

/** Every address must pass: a name that resolves to one public and one internal address is refused. */
export function checkAddresses(addresses: readonly string[], policy: TTargetPolicy): TAddressVerdict {
  if (addresses.length === 0) return { allowed: false, reason: 'the host name has no addresses' };
  for (const address of addresses) {
    const verdict = checkAddress(address, policy);
    if (!verdict.allowed) return verdict;
  }
  return { allowed: true };
}

const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a unique-local address (private IPv6)',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  linkLocal: 'a link-local address (cloud metadata lives there)',
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
};

function describeRange(range: string): string {
  return RANGE_NAMES[range] ?? `in a special-use range (${range})`;
}
