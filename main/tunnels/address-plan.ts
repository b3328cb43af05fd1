import ipaddr from 'ipaddr.js';
import { OutpostError } from '../contract/index.js';

/**
 * The address plan of a hub interface: a pool per family (`198.18.0.0/15`, `fd00:6f70::/64`); the
 * hub takes host 1 of each, peers take hosts 2, 3, … (the same index in both families, so a site's
 * IPv4 and IPv6 addresses correspond). The store hands out indexes under a unique index, so two
 * peers never share an address.
 */

export interface Pool {
  cidr: string;
  family: 'ipv4' | 'ipv6';
  base: bigint;
  prefix: number;
  /** The last usable host index (IPv4 keeps its broadcast address free). */
  lastIndex: number;
}

const invalid = (field: string, message: string) =>
  new OutpostError('invalid_input', `${field}: ${message}`, { issues: [{ path: field, message }] });

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: 'ipv4' | 'ipv6'): string {
  const bytes: number[] = [];
  for (let i = 0; i < (family === 'ipv4' ? 4 : 16); i++) {
    bytes.unshift(Number(value & 255n));
    value >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses a pool; `field` names it in the error. */
export function parsePool(cidr: string, family: 'ipv4' | 'ipv6', field: string): Pool {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(cidr);
  } catch {
    throw invalid(field, `must be a range in CIDR form (${family === 'ipv4' ? '198.18.0.0/15' : 'fd00:6f70::/64'})`);
  }
  const [address, prefix] = parsed;
  if (address.kind() !== family) throw invalid(field, `must be an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} range`);
  const bits = family === 'ipv4' ? 32 : 128;
  if (prefix > bits - 2) throw invalid(field, `is too small: a /${bits - 2} or larger is needed`);
  const hostBits = bits - prefix;
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(hostBits)) - 1n);
  const base = toBigInt(address) & mask;
  const hosts = (1n << BigInt(hostBits)) - (family === 'ipv4' ? 2n : 1n);
  return {
    cidr: `${fromBigInt(base, family)}/${prefix}`,
    family,
    base,
    prefix,
    lastIndex: Number(hosts > 1_000_000n ? 1_000_000n : hosts),
  };
}

/** The host at `index` of a pool, as an address without prefix. */
export function hostAt(pool: Pool, index: number): string {
  return fromBigInt(pool.base + BigInt(index), pool.family);
}

/** The index of an address within a pool, or null when it is outside it. */
export function indexOf(pool: Pool, address: string): number | null {
  try {
    const parsed = ipaddr.parse(address);
    if (parsed.kind() !== pool.family || !parsed.match(ipaddr.parseCIDR(pool.cidr))) return null;
    return Number(toBigInt(parsed) - pool.base);
  } catch {
    return null;
  }
}

export const hostRoute = (address: string) => `${address}/${address.includes(':') ? 128 : 32}`;

/** The address part of `198.18.0.2/32`. */
export const addressOf = (cidr: string) => cidr.split('/')[0]!;

/** True when two ranges share any address. */
export function overlaps(a: string, b: string): boolean {
  const [addrA, prefixA] = ipaddr.parseCIDR(a);
  const [addrB, prefixB] = ipaddr.parseCIDR(b);
  if (addrA.kind() !== addrB.kind()) return false;
  return prefixA <= prefixB ? addrB.match(addrA, prefixA) : addrA.match(addrB, prefixB);
}

/** Checks one CIDR (an AllowedIPs entry or an Address of a wg-quick file). */
export function isCidrOrAddress(text: string): boolean {
  try {
    if (text.includes('/')) ipaddr.parseCIDR(text);
    else ipaddr.parse(text);
    return true;
  } catch {
    return false;
  }
}
