/**
 * `wg show <interface> dump` and `wg show all dump`, parsed. The format is wg(8)'s stable
 * machine-readable one: tab-separated, the interface line first, then one line per peer; `(none)`
 * for an absent key, endpoint or allowed-ips list, `off` for a disabled keepalive or fwmark, and 0
 * for a peer that never completed a handshake.
 */

export interface DumpInterface {
  name: string | null;
  privateKey: string | null;
  publicKey: string | null;
  listenPort: number;
  /** Null when `off`. */
  fwmark: number | null;
  peers: DumpPeer[];
}

export interface DumpPeer {
  publicKey: string;
  presharedKey: string | null;
  /** `host:port` (IPv6 in brackets), or null before the peer was ever heard from. */
  endpoint: string | null;
  allowedIps: string[];
  /** UTC milliseconds of the latest handshake; null when there was none. */
  latestHandshakeAt: number | null;
  rxBytes: number;
  txBytes: number;
  /** Seconds; null when `off`. */
  persistentKeepalive: number | null;
}

const none = (value: string): string | null => (value === '(none)' ? null : value);
const off = (value: string, parse: (v: string) => number): number | null => (value === 'off' ? null : parse(value));

function integer(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`wg dump: ${what} is not a number: ${JSON.stringify(value)}`);
  return Number(value);
}

const fwmarkOf = (value: string): number =>
  value.startsWith('0x') ? Number.parseInt(value, 16) : integer(value, 'fwmark');

function peerOf(fields: string[]): DumpPeer {
  const [publicKey, psk, endpoint, allowed, handshake, rx, tx, keepalive] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const seconds = integer(handshake, 'latest-handshake');
  const allowedIps = none(allowed);
  return {
    publicKey,
    presharedKey: none(psk),
    endpoint: none(endpoint),
    allowedIps: allowedIps === null ? [] : allowedIps.split(','),
    latestHandshakeAt: seconds === 0 ? null : seconds * 1000,
    rxBytes: integer(rx, 'transfer-rx'),
    txBytes: integer(tx, 'transfer-tx'),
    persistentKeepalive: off(keepalive, (v) => integer(v, 'persistent-keepalive')),
  };
}

function interfaceOf(name: string | null, fields: string[]): DumpInterface {
  const [privateKey, publicKey, port, fwmark] = fields as [string, string, string, string];
  return {
    name,
    privateKey: none(privateKey),
    publicKey: none(publicKey),
    listenPort: integer(port, 'listen-port'),
    fwmark: off(fwmark, fwmarkOf),
    peers: [],
  };
}

/**
 * Parses dump output. With `all: true` (the output of `wg show all dump`) every line starts with
 * the interface name and several interfaces may follow one another.
 */
export function parseDump(text: string, options: { all?: boolean } = {}): DumpInterface[] {
  const out: DumpInterface[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let fields = line.split('\t');
    let name: string | null = null;
    if (options.all) {
      name = fields[0]!;
      fields = fields.slice(1);
    }
    const current = out.at(-1);
    if (fields.length === 4 && (current === undefined || current.name !== name || !options.all)) {
      if (!options.all && current) throw new Error('wg dump: a second interface line in a single-interface dump');
      out.push(interfaceOf(name, fields));
    } else if (fields.length === 8 && current) {
      current.peers.push(peerOf(fields));
    } else {
      throw new Error(`wg dump: unexpected line with ${fields.length} fields`);
    }
  }
  return out;
}
