/**
 * The hub's site isolation as an nftables table of its own (`inet outpost_<interface>`), replaced
 * whole in one transaction: whatever is forwarded into or out of the tunnel interface is dropped,
 * except traffic between two peers an admin allowed to reach each other. Peers' AllowedIPs already
 * keep honest sites apart; this is what holds when a site edits its own config.
 */

export interface FirewallSpec {
  /** Pairs of peer addresses (without prefix) that may reach each other, both ways. */
  allowedPairs: readonly (readonly [string, string])[];
  /**
   * Other devices of the same hub (the new key's, during a hub key rotation): traffic between them
   * and this one is inside the tunnel, held to the same pairs.
   */
  siblings?: readonly string[] | undefined;
}

const DEVICE = /^[A-Za-z0-9_=+.-]{1,15}$/;

const ADDRESS = /^[0-9a-fA-F.:]+$/;

export function renderFirewall(name: string, spec: FirewallSpec): string {
  const table = `inet outpost_${name}`;
  const devices = [name, ...(spec.siblings ?? [])];
  if (!devices.every((d) => DEVICE.test(d))) throw new Error('A firewall device name is not an interface name.');
  const set = devices.length === 1 ? `"${name}"` : `{ ${devices.map((d) => `"${d}"`).join(', ')} }`;
  const rules: string[] = [];
  for (const [a, b] of spec.allowedPairs) {
    if (!ADDRESS.test(a) || !ADDRESS.test(b)) throw new Error('A firewall address is not an IP address.');
    const family = a.includes(':') ? 'ip6' : 'ip';
    if (b.includes(':') !== a.includes(':')) continue;
    rules.push(`    iifname ${set} oifname ${set} ${family} saddr ${a} ${family} daddr ${b} accept`);
    rules.push(`    iifname ${set} oifname ${set} ${family} saddr ${b} ${family} daddr ${a} accept`);
  }
  return [
    `add table ${table}`,
    `delete table ${table}`,
    `table ${table} {`,
    '  chain forward {',
    '    type filter hook forward priority filter - 1; policy accept;',
    ...rules,
    `    iifname "${name}" drop`,
    `    oifname "${name}" drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}
