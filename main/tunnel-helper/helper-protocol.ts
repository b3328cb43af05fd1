import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { isWireguardKey, type WireguardToolError } from '../../native/wireguard/index.js';

/**
 * What the desktop app and the privileged tunnel helper say to each other over its Unix socket:
 * one JSON object per line. The first line each way is a hello naming the protocol version; then
 * requests, each answered by one line with the same id. Requests are exactly the WireguardHost
 * operations, every field checked here, because whoever can connect is not trusted beyond them.
 */

/** Bump when a request or an answer changes shape; the helper answers the versions it can. */
export const PROTOCOL_VERSION = 1;
export const OLDEST_PROTOCOL = 1;
/** A hub with a thousand sites sends about 250 KB in one `up`; anything past this is refused unread. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

const MAX_PEERS = 5000;
const MAX_CIDRS = 512;

const wgKey = z.string().refine(isWireguardKey, 'must be a WireGuard key (32 bytes, 44 base64 characters)');

/** Dotted-quad IPv4 or IPv6 only: ipaddr.js also takes shorthands (`10.1`, `0x7f.1`) that `ip` reads otherwise. */
function isAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** A prefix (`10.0.0.0/8`) or a single address (`10.0.0.1`), IPv4 or IPv6, as `ip` and `wg` take them. */
function isCidr(text: string): boolean {
  const [host = '', bits, ...rest] = text.split('/');
  if (rest.length > 0 || !isAddress(host)) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (host.includes(':') ? 128 : 32);
}

const cidr = z.string().max(64).refine(isCidr, 'must be an IP address or CIDR');
const address = z.string().max(64).refine(isAddress, 'must be an IP address (without a prefix)');
const port = z.number().int().min(1).max(65535);
const endpoint = z
  .string()
  .max(260)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}):\d{1,5}$/, 'must be host:port (IPv6 in brackets)')
  .refine((text) => Number(text.slice(text.lastIndexOf(':') + 1)) <= 65535, 'has a port above 65535');

/** Interface names the helper may touch: the installed prefix, then what `ip` accepts, 15 bytes in all. */
export function interfaceName(prefix: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_=+.-]{1,15}$/, 'must be 1 to 15 letters, digits or _ = + . -')
    .refine((name) => name.startsWith(prefix) && name.length > prefix.length, {
      message: `must start with "${prefix}" (the prefix this tunnel helper was installed with) and go on after it`,
    });
}

function peer() {
  return z
    .object({
      publicKey: wgKey,
      presharedKey: wgKey.nullable().optional(),
      endpoint: endpoint.nullable().optional(),
      allowedIps: z.array(cidr).max(MAX_CIDRS),
      persistentKeepalive: z.number().int().min(0).max(65535).nullable().optional(),
    })
    .strict();
}

/** The request schema for a helper installed with `prefix`. */
export function requestSchema(prefix: string) {
  const name = interfaceName(prefix);
  const id = z.number().int().nonnegative();
  const spec = z
    .object({
      name,
      addresses: z.array(cidr).max(MAX_CIDRS),
      mtu: z.number().int().min(576).max(65535).nullable().optional(),
      device: z
        .object({
          privateKey: wgKey,
          listenPort: port.nullable().optional(),
          fwmark: z.number().int().min(0).max(0xffffffff).nullable().optional(),
          peers: z.array(peer()).max(MAX_PEERS),
        })
        .strict(),
      // Outpost's tunnels carry site↔hub traffic; a default route would send the machine's traffic
      // (every user's) into a tunnel any group member configured.
      routes: z.array(cidr.refine((text) => !/\/0+$/.test(text), 'must not be a default route (/0)')).max(MAX_CIDRS),
    })
    .strict();
  return z.discriminatedUnion('op', [
    z.object({ id, op: z.literal('up'), spec }).strict(),
    z
      .object({
        id,
        op: z.literal('setFirewall'),
        name,
        spec: z
          .object({
            allowedPairs: z.array(z.tuple([address, address])).max(MAX_PEERS * 4),
            siblings: z.array(name).max(1).optional(),
          })
          .strict()
          .nullable(),
      })
      .strict(),
    z.object({ id, op: z.literal('setForwarding'), name, on: z.boolean() }).strict(),
    z.object({ id, op: z.literal('down'), name }).strict(),
    z.object({ id, op: z.literal('dump'), name }).strict(),
    z.object({ id, op: z.literal('exists'), name }).strict(),
    /** Stops the wireguard-go devices of these interfaces, as a local host's close() stops its own. */
    z.object({ id, op: z.literal('close'), names: z.array(name).max(4096) }).strict(),
  ]);
}
export type HelperRequest = z.infer<ReturnType<typeof requestSchema>>;
export type HelperOp = HelperRequest['op'];

export const ClientHello = z
  .object({ hello: z.object({ protocol: z.number().int().positive(), client: z.string().max(64) }).strict() })
  .strict();

export interface HelperHello {
  hello: { protocol: number; helper: string; netns: string | null; prefix: string };
}

export type ErrorKind = WireguardToolError['kind'];

export interface HelperFailure {
  id: number | null;
  ok: false;
  error: { message: string; kind: ErrorKind; detail: string };
}
export type HelperAnswer = { id: number; ok: true; result: unknown } | HelperFailure;

/** Zod's issues as one sentence: which field, and why. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.join('.');
    return path ? `${path} ${issue.message}` : issue.message;
  });
  return `The tunnel helper refused the request: ${parts.join('; ')}.`;
}
