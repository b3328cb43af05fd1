/**
 * `npx tsx scripts/cpu-profile-summary.ts <file.cpuprofile> [rows]`: where a V8 CPU profile (from
 * `node --cpu-prof`, or the inspector's Profiler) spent its time — self time by function, by file, and
 * the callers of the native `run` (better-sqlite3's statement runs, i.e. SQLite), as shares of the
 * busy (non-idle) time. Chrome's DevTools shows the same tree; this prints the totals a report quotes.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('Usage: tsx scripts/cpu-profile-summary.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map<number, ProfileNode>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);

// A sample's delta is the time since the previous sample: the time of the frame on top of the stack.
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const where = (node: ProfileNode) => {
  const url = node.callFrame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');
  return url.replace(/.*\/node_modules\//, 'node_modules/');
};
const nameOf = (node: ProfileNode) => node.callFrame.functionName || '(anonymous)';

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const sqliteCallers = new Map<string, number>();
let idle = 0;
let total = 0;
for (const [id, us] of self) {
  const node = nodes.get(id)!;
  total += us;
  if (nameOf(node) === '(idle)') {
    idle += us;
    continue;
  }
  const at = where(node);
  const fn = `${nameOf(node)}${at ? ` ${at}:${node.callFrame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  byFile.set(at || nameOf(node), (byFile.get(at || nameOf(node)) ?? 0) + us);
  if (nameOf(node) === 'run' && !at) {
    const caller = parents.get(id);
    const key = caller ? `${nameOf(caller)} ${where(caller)}:${caller.callFrame.lineNumber + 1}` : '(root)';
    sqliteCallers.set(key, (sqliteCallers.get(key) ?? 0) + us);
  }
}

const busy = total - idle;
const print = (title: string, table: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(6)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
  }
};
console.log(
  `${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy (shares below are of busy time)`,
);
print('Self time by function', byFunction);
print('Self time by file', byFile);
print("SQLite (better-sqlite3's native run) by caller", sqliteCallers);
