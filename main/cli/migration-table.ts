import type { MigrationInfo, MigrationStatus } from '../store/index.js';

const when = (at: number | null): string => (at === null ? '-' : new Date(at).toISOString());

function table(rows: MigrationInfo[], withTime: boolean): string[] {
  const head = ['version', 'name', 'checksum', ...(withTime ? ['applied at'] : [])];
  const body = rows.map((m) => [String(m.version), m.name, m.checksum, ...(withTime ? [when(m.appliedAt)] : [])]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  return [head, ...body].map((cells) => `  ${cells.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

/** The `outpost migrate status` report: current and latest version, then the applied and pending migrations. */
export function formatMigrationStatus(status: MigrationStatus): string {
  const state =
    status.current === status.latest
      ? 'up to date'
      : status.current > status.latest
        ? 'the database is newer than this program: upgrade Outpost'
        : `${status.pending.length} pending: run \`outpost migrate up\``;
  const lines = [`Schema version ${status.current} (latest ${status.latest}): ${state}`, ''];
  lines.push(`Applied (${status.applied.length}):`);
  lines.push(...(status.applied.length ? table(status.applied, true) : ['  none']));
  lines.push('', `Pending (${status.pending.length}):`);
  lines.push(...(status.pending.length ? table(status.pending, false) : ['  none']));
  return `${lines.join('\n')}\n`;
}
