import { OutpostError } from '../contract/index.js';
import { isWireguardKey } from '../../native/wireguard/index.js';
import { isCidrOrAddress } from './address-plan.js';

/**
 * wg-quick(8) files: rendered for every peer, and parsed on import. The parser takes what
 * wg-quick and wg accept for a tunnel and refuses, by line, what it cannot honour: in particular
 * PreUp/PostUp/PreDown/PostDown, which run shell commands — Outpost never runs commands from a file.
 */

export interface WgQuickPeer {
  /** A `# Name = …` comment above the section (wg-easy and others write one). */
  name?: string | null;
  publicKey: string;
  presharedKey?: string | null;
  endpoint?: string | null;
  allowedIps: string[];
  persistentKeepalive?: number | null;
}

export interface WgQuickConfig {
  interface: {
    privateKey: string;
    addresses: string[];
    listenPort?: number | null;
    dns: string[];
    mtu?: number | null;
  };
  peers: WgQuickPeer[];
}

export function renderWgQuick(config: WgQuickConfig, heading?: string): string {
  const lines: string[] = [];
  if (heading) lines.push(...heading.split('\n').map((l) => `# ${l}`));
  const i = config.interface;
  lines.push('[Interface]', `PrivateKey = ${i.privateKey}`, `Address = ${i.addresses.join(', ')}`);
  if (i.listenPort != null) lines.push(`ListenPort = ${i.listenPort}`);
  if (i.dns.length > 0) lines.push(`DNS = ${i.dns.join(', ')}`);
  if (i.mtu != null) lines.push(`MTU = ${i.mtu}`);
  for (const peer of config.peers) {
    lines.push('');
    if (peer.name) lines.push(`# Name = ${peer.name.replace(/[\r\n]/g, ' ')}`);
    lines.push('[Peer]', `PublicKey = ${peer.publicKey}`);
    if (peer.presharedKey) lines.push(`PresharedKey = ${peer.presharedKey}`);
    if (peer.endpoint) lines.push(`Endpoint = ${peer.endpoint}`);
    lines.push(`AllowedIPs = ${peer.allowedIps.join(', ')}`);
    if (peer.persistentKeepalive) lines.push(`PersistentKeepalive = ${peer.persistentKeepalive}`);
  }
  return `${lines.join('\n')}\n`;
}

const COMMAND_KEYS = new Set(['preup', 'postup', 'predown', 'postdown']);
const IGNORED_KEYS = new Set(['table', 'saveconfig', 'fwmark']);

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function parseWgQuick(text: string): WgQuickConfig {
  const problems: string[] = [];
  const fail = (line: number, message: string) => problems.push(`line ${line}: ${message}`);
  let section: 'none' | 'interface' | 'peer' = 'none';
  let iface: Partial<WgQuickConfig['interface']> & { addresses: string[]; dns: string[] } = { addresses: [], dns: [] };
  let interfaces = 0;
  const peers: (Partial<WgQuickPeer> & { allowedIps: string[] })[] = [];
  let pendingName: string | null = null;

  text.split(/\r?\n/).forEach((raw, index) => {
    const n = index + 1;
    const nameComment = /^\s*#\s*Name\s*=\s*(.+)$/i.exec(raw);
    if (nameComment) pendingName = nameComment[1]!.trim().slice(0, 120);
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.toLowerCase();
      if (name === 'interface') {
        section = 'interface';
        interfaces += 1;
      } else if (name === 'peer') {
        section = 'peer';
        peers.push({ allowedIps: [], name: pendingName });
      } else fail(n, `unknown section [${header[1]}]`);
      pendingName = null;
      return;
    }
    const pair = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(line);
    if (!pair) return void fail(n, 'is not `Key = value`');
    const key = pair[1]!.toLowerCase();
    const value = pair[2]!.trim();
    if (section === 'none') return void fail(n, `${pair[1]} is outside [Interface] or [Peer]`);
    if (COMMAND_KEYS.has(key))
      return void fail(n, `${pair[1]} runs shell commands, which Outpost never does; remove it`);
    if (IGNORED_KEYS.has(key)) return;
    const number = (min: number, max: number): number | undefined => {
      const v = Number(value);
      if (Number.isInteger(v) && v >= min && v <= max) return v;
      fail(n, `${pair[1]} must be a whole number from ${min} to ${max}`);
      return undefined;
    };
    const keyValue = (): string | undefined => {
      if (isWireguardKey(value)) return value;
      fail(n, `${pair[1]} is not a WireGuard key (44 base64 characters)`);
      return undefined;
    };
    const cidrs = (): string[] => {
      const list = listOf(value);
      for (const c of list) if (!isCidrOrAddress(c)) fail(n, `${c} is not an IP address or range`);
      return list;
    };
    if (section === 'interface') {
      if (key === 'privatekey') iface.privateKey = keyValue();
      else if (key === 'address') iface.addresses.push(...cidrs());
      else if (key === 'listenport') iface.listenPort = number(1, 65535);
      else if (key === 'dns') iface.dns.push(...listOf(value));
      else if (key === 'mtu') iface.mtu = number(1280, 9000);
      else fail(n, `unknown setting ${pair[1]} in [Interface]`);
      return;
    }
    const peer = peers.at(-1)!;
    if (key === 'publickey') peer.publicKey = keyValue();
    else if (key === 'presharedkey') peer.presharedKey = keyValue();
    else if (key === 'endpoint') {
      if (/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253}):\d{1,5}$/.test(value)) peer.endpoint = value;
      else fail(n, 'Endpoint must be host:port');
    } else if (key === 'allowedips') peer.allowedIps.push(...cidrs());
    else if (key === 'persistentkeepalive') peer.persistentKeepalive = value === 'off' ? null : number(0, 65535);
    else fail(n, `unknown setting ${pair[1]} in [Peer]`);
  });

  if (interfaces !== 1) problems.push('the file must have exactly one [Interface] section');
  if (!iface.privateKey && interfaces === 1) problems.push('[Interface] has no PrivateKey');
  if (iface.addresses.length === 0 && interfaces === 1) problems.push('[Interface] has no Address');
  peers.forEach((p, i) => {
    if (!p.publicKey) problems.push(`[Peer] number ${i + 1} has no PublicKey`);
  });
  if (problems.length > 0) {
    throw new OutpostError('invalid_input', `The wg-quick file cannot be imported: ${problems.join('; ')}.`, {
      issues: problems.map((message) => ({ path: 'config', message })),
    });
  }
  iface = { ...iface };
  return {
    interface: {
      privateKey: iface.privateKey!,
      addresses: iface.addresses,
      listenPort: iface.listenPort ?? null,
      dns: iface.dns,
      mtu: iface.mtu ?? null,
    },
    peers: peers.map((p) => ({
      name: p.name ?? null,
      publicKey: p.publicKey!,
      presharedKey: p.presharedKey ?? null,
      endpoint: p.endpoint ?? null,
      allowedIps: p.allowedIps,
      persistentKeepalive: p.persistentKeepalive ?? null,
    })),
  };
}
