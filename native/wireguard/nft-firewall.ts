/**
 * The hub's site isolation as an nftables table of its own (`inet outpost_<interface>`), replaced
 * whole in one transaction: whatever is forwarded into or out of the tunnel interface is dropped,
 * except traffic between two peers an admin allowed to reach each other. Peers' AllowedIPs already
 * keep honest sites apart; this is what holds when a site edits its own config.
 */

export interface FirewallSpec {
  /** Pairs of peer addresses (without prefix) that may reach each other, both ways. */
  allowedPairs: readonly (readonly [string, string])[];
}

const ADDRESS = /^[0-9a-fA-F.:]+$/;

export function renderFirewall(name: string, spec: FirewallSpec): string {
  const table = `inet outpost_${name}`;
  const rules: string[] = [];
  for (const [a, b] of spec.allowedPairs) {
    if (!ADDRESS.test(a) || !ADDRESS.test(b)) throw new Error('A firewall address is not an IP address.');
    const family = a.includes(':') ? 'ip6' : 'ip';
    if (b.includes(':') !== a.includes(':')) continue;
    rules.push(`    iifname "${name}" oifname "${name}" ${family} saddr ${a} ${family} daddr ${b} accept`);
    rules.push(`    iifname "${name}" oifname "${name}" ${family} saddr ${b} ${family} daddr ${a} accept`);
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
