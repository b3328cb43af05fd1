import ipaddr from 'ipaddr.js';

/**
 * Which addresses an outgoing request may reach. Only public unicast addresses by default: loopback,
 * private (RFC 1918, IPv6 unique-local), link-local, carrier-grade NAT, multicast, broadcast,
 * unspecified, documentation, benchmarking and other reserved ranges are refused, and so are IPv6
 * forms that carry an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) and everything outside
 * 2000::/3, the only IPv6 block handed out for global unicast. An admin may allow ranges (CIDR).
 *
 * ipaddr.js classifies; it also reads every IPv4 spelling the resolver accepts (`0x7f000001`,
 * `2130706433`, `0177.0.0.1`, `127.1`) and unwraps IPv4-mapped IPv6, so no spelling slips past.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

/** What a refused range is called in messages (ipaddr's names, in words). */
const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  unspecified: 'the unspecified address',
  reserved: 'a reserved or documentation address',
};

export interface AddressPolicy {
  /** Null when `address` may be reached; otherwise what kind of address it is, for the refusal. */
  refusal(address: string): string | null;
  /** The allowed ranges as given, normalised (`127.0.0.0/8`). */
  readonly allowed: readonly string[];
}

/** Parses an IP address in any spelling the resolver accepts; undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.replace(/^\[(.*)\]$/u, '$1').replace(/%.*$/u, '');
  if (!ipaddr.isValid(bare)) return undefined;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) becomes the IPv4 address it carries.
  return ipaddr.process(bare);
}

/** Null when `text` is a CIDR range (or a single address) an admin may allow; otherwise why not. */
export function cidrProblem(text: string): string | null {
  return parseRange(text) ? null : `"${text}" is not a CIDR range like 10.20.0.0/16, 127.0.0.0/8 or fd00::/8`;
}

function parseRange(text: string): [Address, number] | undefined {
  const trimmed = text.trim();
  try {
    if (trimmed.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(trimmed);
      // An IPv4-mapped range is the IPv4 range it carries: addresses are compared after unwrapping too.
      if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
        return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
      }
      return [address, bits];
    }
    const address = parseAddress(trimmed);
    return address ? [address, address.kind() === 'ipv4' ? 32 : 128] : undefined;
  } catch {
    return undefined;
  }
}

function describe(address: Address): string | null {
  const range = address.range();
  if (address.kind() === 'ipv4') return range === 'unicast' ? null : (RANGE_WORDS[range] ?? `a ${range} address`);
  if (range === 'unicast' && address.match(GLOBAL_UNICAST_V6)) return null;
  if (range === 'unicast') return 'a reserved or documentation address';
  return RANGE_WORDS[range] ?? 'an IPv6 address that carries another address or is reserved';
}

export function createAddressPolicy(allow: readonly string[] = []): AddressPolicy {
  const ranges = allow.map((text) => {
    const range = parseRange(text);
    if (!range) throw new Error(cidrProblem(text)!);
    return range;
  });
  return {
    allowed: ranges.map(([address, bits]) => `${address.toString()}/${bits}`),
    refusal(text) {
      const address = parseAddress(text);
      if (!address) return 'not an IP address';
      if (ranges.some(([base, bits]) => base.kind() === address.kind() && address.match(base, bits))) return null;
      return describe(address);
    },
  };
}
